import Foundation
import GazetteClient
import GazetteOutput
import GazetteProtocol
import GazetteService

/// Saved searches (`gazette alert`): kept in the index, through the daemon
/// when it runs; alerts themselves come only from the daemon, which checks
/// every article it writes.
extension Backend {
    public static func addAlert(_ params: AlertAddParams, session: Session) async throws(CommandFailure) -> AlertListResponse {
        try await answer(AlertAddMethod.self, params, session: session) { local throws(ServiceError) in
            try local.checkAlert(params)
            return try local.addAlert(params)
        }
    }

    public static func alerts(session: Session) async throws(CommandFailure) -> AlertListResponse {
        try await answer(AlertListMethod.self, AlertListParams(), session: session) { local throws(ServiceError) in
            try local.alerts()
        }
    }

    public static func removeAlert(_ params: AlertRemoveParams, session: Session) async throws(CommandFailure) -> AlertListResponse {
        try await answer(AlertRemoveMethod.self, params, session: session) { local throws(ServiceError) in
            try local.removeAlert(params)
        }
    }

    /// Subscribes to the daemon's alerts and hands each to `received` as it
    /// arrives, until the daemon goes away.
    public static func watchAlerts(session: Session, ready: () -> Void,
                                   _ received: @escaping (AlertMatched) -> Void) async throws(CommandFailure) {
        guard case let .daemon(socket) = route(for: session) else {
            throw CommandFailure("alerts come from gazetted, which checks saved searches as it indexes, and no daemon answers; "
                                 + "start it with: gazetted")
        }
        let deliver = { (method: String, data: Data) in
            guard method == AlertMatched.method,
                  let note = try? JSONDecoder().decode(RPCNotification<AlertMatched>.self, from: data) else { return }
            received(note.params)
        }
        do {
            try await DaemonClient.withConnection(socketPath: socket) { connection throws(ClientError) in
                _ = try await connection.call(SubscribeMethod.self, SubscribeParams(alerts: true), onNotification: deliver)
                ready()
                while true {
                    let data = try await connection.nextLine()
                    if let head = try? JSONDecoder().decode(RPCReplyHead.self, from: data), let method = head.method {
                        deliver(method, data)
                    }
                }
            }
        } catch {
            if case .disconnected = error { throw CommandFailure("gazetted stopped; no more alerts", status: ExitStatus.success) }
            throw CommandFailure("\(error)")
        }
    }
}

extension AlertListResponse: PrintableRecord {
    public func text(styled: Bool) -> String {
        guard !alerts.isEmpty else { return "no alerts (add one with: gazette alert add NAME QUERY)\n" }
        let width = alerts.map(\.name.count).max() ?? 0
        let style = TextStyle(enabled: styled)
        return alerts.map { alert in
            style.heading(alert.name) + String(repeating: " ", count: width - alert.name.count) + "  " + alert.query + "\n"
        }.joined()
    }
}

extension AlertMatched: PrintableRecord {
    /// One line: the alert's name, the article's id, its headline.
    public func text(styled: Bool) -> String {
        let style = TextStyle(enabled: styled)
        return style.heading(alert) + "  " + (path.map { Terminal.displayPath($0) } ?? id) + "  " + style.title(title) + "\n"
    }
}
