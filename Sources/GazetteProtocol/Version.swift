public enum GazetteProtocolVersion { public static let current = "1" }
