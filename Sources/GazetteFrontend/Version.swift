import GazetteProtocol

public let version = GazetteVersion.current
