import Foundation
import Testing

/// The editor files in Config/editors/, driven by the real editors: Neovim
/// headless (Debian's, 0.7 here) and Emacs in batch mode.
@Suite(.serialized, .timeLimit(.minutes(3))) struct EditorTests {
    let corpus: EditorCorpus
    let editors = Binaries.repository + "/Config/editors"

    init() throws {
        corpus = try EditorCorpus(name: "nvim")
    }

    /// Runs a script in the editor and returns the JSON object it wrote.
    func results(_ program: String, _ arguments: [String], script: String, name: String) throws -> [String: Any] {
        let scriptPath = corpus.folder + "/" + name
        let output = corpus.folder + "/" + name + ".json"
        try script.replacingOccurrences(of: "{out}", with: output).write(toFile: scriptPath, atomically: true, encoding: .utf8)
        let result = try runBinary(program, arguments + [scriptPath], cwd: corpus.folder,
                                   environment: corpus.environment, stdin: "", timeout: 90)
        guard let data = FileManager.default.contents(atPath: output) else {
            throw EditorTestFailure("\(program) wrote no results (status \(result.status)): \(result.stdout) \(result.stderr)")
        }
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    func neovim(_ script: String, lua: Bool = false) throws -> [String: Any] {
        try results(try editor("nvim", package: "neovim"), ["--headless", "--clean", "-n", "-i", "NONE", "-S"],
                    script: script, name: lua ? "test.lua" : "test.vim")
    }

    @Test func gazetteFillsTheQuickfixListAtEachFirstMatch() throws {
        let out = try neovim("""
            set rtp+=\(editors)/vim
            runtime plugin/gazette.vim
            let g:gazette_args = ['--index', '\(corpus.index)']
            let g:gazette_open = 0
            set grepformat=%f:%l:%m
            let s:out = {}
            function! s:Items() abort
              return map(getqflist(), {_, i -> {'file': bufname(i.bufnr), 'lnum': i.lnum, 'col': i.col, 'text': i.text, 'valid': i.valid}})
            endfunction
            Gazette "port of rotterdam" OR terraces
            let s:out.hits = s:Items()
            let s:out.title = getqflist({'title': 1}).title
            let s:out.grepformat = &grepformat
            messages clear
            Gazette zanzibar
            let s:out.none = s:Items()
            Gazette moscow AND
            let s:out.messages = execute('messages')
            " The output parses unchanged with the plain format, as :grep would read it.
            set grepformat=%f:%l:%c:%m
            cgetexpr system('gazette search island --format vimgrep --index \(corpus.index)')
            let s:out.grep = s:Items()
            call writefile([json_encode(s:out)], '{out}')
            qa!
            """)
        let hits = try #require(out["hits"] as? [[String: Any]])
        let found = hits.map { [$0["file"] as? String ?? "", "\($0["lnum"] ?? "")", "\($0["col"] ?? "")"] }
        #expect(Set(found) == [["articles/harbour.txt", "4", "8"], ["articles/cafe.txt", "3", "59"]], "\(hits)")
        #expect(hits.allSatisfy { $0["valid"] as? Int == 1 })
        #expect(hits.contains { $0["text"] as? String == "The port of Rotterdam reopened to container ships on Saturday." })
        #expect(out["title"] as? String == #"Gazette: "port of rotterdam" OR terraces"#)
        #expect(out["grepformat"] as? String == "%f:%l:%m", "the user's grepformat is left alone")
        #expect((out["none"] as? [Any])?.isEmpty == true)
        let messages = try #require(out["messages"] as? String)
        #expect(messages.contains("Gazette: no articles match zanzibar"), "\(messages)")
        #expect(messages.contains("Gazette: cannot parse the query 'moscow AND'"), "\(messages)")
        let grep = try #require(out["grep"] as? [[String: Any]])
        #expect(grep.map { [$0["file"] as? String ?? "", "\($0["lnum"] ?? "")", "\($0["col"] ?? "")"] }
            == [["articles/gone.txt", "3", "35"]])
    }

    @Test func neovimsLanguageClientGetsSymbolsAndHovers() throws {
        let out = try neovim("""
            vim.opt.rtp:append('\(editors)/vim')
            local gazette = require('gazette.lsp')
            gazette.setup({ cmd = { 'gazette', 'lsp', '--index', '\(corpus.index)' } })
            vim.cmd('filetype on')
            vim.cmd('edit articles/seed.txt')
            local out = { filetype = vim.bo.filetype }
            out.initialized = vim.wait(20000, function()
              for _, client in pairs(vim.lsp.buf_get_clients(0)) do
                if client.initialized then return true end
              end
              return false
            end, 50)
            local replies = vim.lsp.buf_request_sync(0, 'workspace/symbol', { query = '"port of rotterdam" OR lighthouse' }, 20000)
            out.symbols = {}
            for _, reply in pairs(replies or {}) do
              for _, symbol in ipairs(reply.result or {}) do
                table.insert(out.symbols, { name = symbol.name, file = vim.uri_to_fname(symbol.location.uri),
                                            line = symbol.location.range.start.line,
                                            character = symbol.location.range.start.character })
              end
              out.symbol_error = reply.err and reply.err.message
            end
            -- Line 5 of the seed: "Russia’s President, Vladimir Putin, ..."; the cursor on "Putin".
            vim.api.nvim_win_set_cursor(0, { 5, 33 })
            local hovers = vim.lsp.buf_request_sync(0, 'textDocument/hover', vim.lsp.util.make_position_params(), 20000)
            for _, reply in pairs(hovers or {}) do
              out.hover = reply.result and reply.result.contents.value
              out.hover_start = reply.result and reply.result.range.start.character
            end
            vim.fn.writefile({ vim.fn.json_encode(out) }, '{out}')
            vim.cmd('qa!')
            """, lua: true)
        #expect(out["filetype"] as? String == "text")
        #expect(out["initialized"] as? Bool == true, "\(out)")
        let symbols = try #require(out["symbols"] as? [[String: Any]], "\(out)")
        let found = Set(symbols.map { "\($0["name"] ?? ""):\($0["file"] ?? ""):\($0["line"] ?? ""):\($0["character"] ?? "")" })
        #expect(found == ["Harbour Strike Ends:\(corpus.articles)/harbour.txt:3:7",
                          "Lighthouse Keeper Retires:\(corpus.articles)/gone.txt:0:0"], "\(out)")
        let hover = try #require(out["hover"] as? String, "\(out)")
        #expect(hover.hasPrefix("**Vladimir Putin** · actor\n\nNamed in **1** article."), "\(hover)")
        #expect(hover.contains("Countries: Russia (1)"), "\(hover)")
        // "Russia’s President, " is 20 UTF-16 units.
        #expect(out["hover_start"] as? Int == 20)
    }

    @Test func emacsListsHitsInAGrepModeBuffer() throws {
        let emacs = try editor("emacs", package: "emacs-nox")
        let out = try results(emacs, ["--batch", "-Q", "-l"], script: """
            (require 'json)
            (add-to-list 'load-path "\(editors)/emacs")
            (require 'gazette)
            (setq gazette-arguments '("--index" "\(corpus.index)"))
            (setq default-directory "\(corpus.folder)/")
            (defun test-wait (buffer)
              (let ((deadline (+ (float-time) 60)))
                (while (and (get-buffer-process buffer) (< (float-time) deadline))
                  (accept-process-output nil 0.1))))
            (defun test-first-hit (buffer)
              (with-current-buffer buffer
                (goto-char (point-min))
                (compilation-next-error 1)
                (compile-goto-error)
                (vector (buffer-file-name) (line-number-at-pos) (current-column))))
            (let* ((hits (gazette "terraces"))
                   (mode (progn (test-wait hits) (with-current-buffer hits major-mode)))
                   (grep (with-current-buffer hits (and (derived-mode-p 'grep-mode) t)))
                   (hit (test-first-hit hits))
                   (plain (compilation-start
                           (concat "gazette search island --format vimgrep --index " (shell-quote-argument "\(corpus.index)"))
                           'grep-mode (lambda (_) "*plain grep*")))
                   (plain-hit (progn (test-wait plain) (test-first-hit plain)))
                   (none (gazette "zanzibar"))
                   (none-text (progn (test-wait none) (with-current-buffer none (buffer-string)))))
              (with-temp-file "{out}"
                (insert (json-encode (list (cons 'mode (symbol-name mode)) (cons 'grep grep) (cons 'hit hit)
                                           (cons 'plain plain-hit) (cons 'none none-text))))))
            """, name: "test.el")
        #expect(out["mode"] as? String == "gazette-mode")
        #expect(out["grep"] as? Bool == true, "derived from grep-mode")
        // Emacs counts characters from 0: "In Zürich, café owners protested against the new tax on " is 56.
        #expect(out["hit"] as? NSArray == [corpus.articles + "/cafe.txt", 3, 56] as NSArray, "\(out)")
        // Plain grep-mode reads file and line from the same output.
        let plain = try #require(out["plain"] as? [Any])
        #expect(Array(plain.prefix(2)) as NSArray == [corpus.articles + "/gone.txt", 3] as NSArray, "\(out)")
        #expect((out["none"] as? String)?.contains("no matches found") == true, "\(out)")
    }
}
