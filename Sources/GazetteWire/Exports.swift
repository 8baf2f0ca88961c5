// BlockingSocket and SocketProbe live in GazetteSocket (no NIO), which the
// small gazette links; the daemon and its tests see them here as before.
@_exported import GazetteSocket
