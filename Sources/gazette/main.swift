import GazetteRelay

// The small gazette: see Relay (GazetteRelay) and README "How the programs fit together".
Relay.main(Array(CommandLine.arguments.dropFirst()))
