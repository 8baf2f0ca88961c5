" Gazette for Vim and Neovim: search news articles into the quickfix list.
"
"   :Gazette {query}   lists the articles that match, each at its first match
"                      (gazette search --format vimgrep); :cnext walks them.
"
" Options (set before use):
"   g:gazette_command  the gazette program (default: 'gazette')
"   g:gazette_args     more arguments, e.g. ['--index', '~/news/Index']
"   g:gazette_limit    articles to list (default: 50)
"   g:gazette_open     open the quickfix window after a search (default: 1)

if exists('g:loaded_gazette')
  finish
endif
let g:loaded_gazette = 1

command! -nargs=+ Gazette call s:Search(<q-args>)

function! s:Message(group, text) abort
  execute 'echohl' a:group
  echomsg 'Gazette: ' . a:text
  echohl None
endfunction

function! s:Search(query) abort
  let program = get(g:, 'gazette_command', 'gazette')
  if !executable(program)
    call s:Message('ErrorMsg', 'cannot run ' . program . ': install Gazette or set g:gazette_command')
    return
  endif
  let extra = map(copy(get(g:, 'gazette_args', [])), {_, arg -> substitute(arg, '^\~\ze/', escape($HOME, '\&'), '')})
  let argv = [program, 'search', a:query, '--format', 'vimgrep',
        \ '--limit', string(get(g:, 'gazette_limit', 50))] + extra
  " stderr goes to a file of its own: warnings and errors must not be read as hits.
  let errors = tempname()
  let lines = systemlist(join(map(copy(argv), {_, arg -> shellescape(arg)})) . ' 2>' . shellescape(errors))
  let status = v:shell_error
  let problems = filereadable(errors) ? readfile(errors) : []
  call delete(errors)
  call map(problems, {_, line -> substitute(line, '^gazette: ', '', '')})

  " gazette exits 0 when something matched, 1 when nothing did, 2 on an error.
  if status != 0 && status != 1
    call s:Message('ErrorMsg', empty(problems) ? program . ' exited with status ' . status : problems[0])
    return
  endif
  " 'efm' parses these lines with this format only; 'grepformat' and
  " 'errorformat' stay as the user set them.
  call setqflist([], ' ', {'title': 'Gazette: ' . a:query, 'lines': lines, 'efm': '%f:%l:%c:%m'})
  for problem in problems
    call s:Message('WarningMsg', problem)
  endfor
  let found = len(filter(getqflist(), {_, item -> item.valid}))
  if found == 0
    cclose
    call s:Message('WarningMsg', status == 1 ? 'no articles match ' . a:query : 'no matching article has a file')
    return
  endif
  if get(g:, 'gazette_open', 1)
    copen
    wincmd p
  endif
  echomsg 'Gazette: ' . found . (found == 1 ? ' article' : ' articles') . ' for ' . a:query
endfunction
