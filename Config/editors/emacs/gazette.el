;;; gazette.el --- Search news articles with Gazette  -*- lexical-binding: t; -*-

;; M-x gazette RET query RET runs `gazette search --format vimgrep' and lists
;; the matching articles in a grep-mode buffer: RET on a line, or
;; M-g n / M-g p (next-error), visits each article at its first match.
;;
;; Install: put this file on `load-path', then
;;   (require 'gazette)
;;   (setq gazette-arguments '("--index" "~/news/Index"))   ; optional

;;; Code:

(require 'grep)

(defgroup gazette nil
  "Search news articles with Gazette."
  :group 'tools)

(defcustom gazette-program "gazette"
  "The gazette program."
  :type 'string)

(defcustom gazette-arguments nil
  "More arguments for `gazette search', such as (\"--index\" \"~/news/Index\")."
  :type '(repeat string))

(defcustom gazette-limit 50
  "How many articles to list."
  :type 'integer)

(defvar gazette-history nil
  "Queries given to `gazette'.")

(defun gazette--column ()
  "The character column of a match, from gazette's byte column.
Gazette counts columns in bytes, as Vim does; Emacs counts characters."
  (let* ((bytes (1- (string-to-number (match-string 3))))
         (text (encode-coding-string
                (buffer-substring-no-properties (match-end 0) (line-end-position)) 'utf-8)))
    (1+ (length (decode-coding-string (substring text 0 (min bytes (length text))) 'utf-8)))))

(define-derived-mode gazette-mode grep-mode "Gazette"
  "A `grep-mode' buffer of Gazette hits: file:line:column:text, column used."
  ;; Gazette's columns start at 1, grep-mode's at 0.
  (setq-local compilation-first-column 1)
  (setq-local compilation-error-regexp-alist '(gazette))
  (setq-local compilation-error-regexp-alist-alist
              (cons '(gazette "^\\(.+?\\):\\([1-9][0-9]*\\):\\([1-9][0-9]*\\):" 1 2 gazette--column)
                    compilation-error-regexp-alist-alist)))

(defun gazette-command (query)
  "The shell command that searches for QUERY."
  (mapconcat #'shell-quote-argument
             (append (list gazette-program "search" query "--format" "vimgrep"
                           "--limit" (number-to-string gazette-limit))
                     (mapcar (lambda (arg)
                               (if (string-prefix-p "~/" arg) (expand-file-name arg) arg))
                             gazette-arguments))
             " "))

;;;###autoload
(defun gazette (query)
  "Search the articles for QUERY, in Gazette's query syntax.
Hits are listed in a `grep-mode' buffer; paths are relative to
`default-directory'.  Gazette exits with 1 when nothing matches,
which grep-mode reports as \"no matches found\"."
  (interactive (list (read-string "Gazette search: " nil 'gazette-history)))
  (when (string-match-p "\\`[[:space:]]*\\'" query)
    (user-error "Give a query, e.g. \"concert hall\" or actor:putin"))
  (compilation-start (gazette-command query) #'gazette-mode
                     (lambda (_mode) "*gazette*")))

;;; Alerts: `gazette alert watch --format jsonl' in a process whose lines
;;; become messages in the echo area (and *Messages*).

(defvar gazette--alert-process nil
  "The running `gazette alert watch', or nil.")

(defun gazette--alert-filter (process output)
  "Show each complete JSON line of OUTPUT from PROCESS as a message."
  (let ((pending (concat (or (process-get process 'pending) "") output)))
    (while (string-match "\\`\\([^\n]*\\)\n" pending)
      (let ((line (match-string 1 pending)))
        (setq pending (substring pending (match-end 0)))
        (when (string-prefix-p "{" line)
          (let* ((alert (json-parse-string line :object-type 'alist))
                 (name (alist-get 'alert alert))
                 (title (alist-get 'title alert))
                 (where (or (alist-get 'path alert) (alist-get 'id alert))))
            (message "gazette [%s] %s (%s)" name title where)))))
    (process-put process 'pending pending)))

;;;###autoload
(defun gazette-alerts-start ()
  "Show Gazette's alerts with `message' as gazetted raises them.
Save searches first: gazette alert add NAME QUERY."
  (interactive)
  (unless (process-live-p gazette--alert-process)
    (setq gazette--alert-process
          (make-process :name "gazette-alerts"
                        :command (append (list gazette-program "alert" "watch" "--format" "jsonl")
                                         gazette-arguments)
                        :noquery t
                        :connection-type 'pipe
                        :filter #'gazette--alert-filter
                        :sentinel (lambda (_process event)
                                    (message "gazette alerts: %s" (string-trim event)))))))

(defun gazette-alerts-stop ()
  "Stop showing Gazette's alerts."
  (interactive)
  (when (process-live-p gazette--alert-process)
    (delete-process gazette--alert-process))
  (setq gazette--alert-process nil))

(provide 'gazette)

;;; gazette.el ends here
