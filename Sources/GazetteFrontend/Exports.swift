// The printers, Terminal and exit statuses live in GazetteOutput, so that the
// small `gazette` links them without the service; every user of the front end
// sees them as before.
@_exported import GazetteOutput
