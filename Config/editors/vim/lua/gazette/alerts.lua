-- Gazette's alerts in Neovim (0.7 and later): runs `gazette alert watch
-- --format jsonl` and shows each alert with vim.notify, so a new article a
-- saved search matches pops up while you work.
--
--   require('gazette.alerts').start()   -- or start({ cmd = { 'gazette', 'alert', 'watch', '--format', 'jsonl', '--socket', PATH } })
--   require('gazette.alerts').stop()
--
-- Save searches first: gazette alert add oil-iran 'oil AND country:iran'
-- Alerts come from gazetted, which must be running.
local M = {}

M.config = {
  cmd = { 'gazette', 'alert', 'watch', '--format', 'jsonl' },
  level = vim.log.levels.INFO,
}

local job = nil

-- One notification per JSON line: the alert's name, then the article's headline and id.
local function show(line)
  if line == nil or line == '' then
    return
  end
  local ok, alert = pcall(vim.fn.json_decode, line)
  if not ok or type(alert) ~= 'table' or alert.alert == nil then
    return
  end
  local where = alert.path or alert.id
  vim.notify(string.format('[%s] %s\n%s', alert.alert, alert.title or '', where or ''), M.config.level,
    { title = 'gazette' })
end

function M.start(opts)
  M.config = vim.tbl_extend('force', M.config, opts or {})
  if job ~= nil then
    return job
  end
  job = vim.fn.jobstart(M.config.cmd, {
    stdout_buffered = false,
    on_stdout = function(_, lines)
      for _, line in ipairs(lines) do
        show(line)
      end
    end,
    on_stderr = function(_, lines)
      local text = table.concat(lines, '\n')
      if text:match('%S') then
        vim.notify(text, vim.log.levels.WARN, { title = 'gazette' })
      end
    end,
    on_exit = function()
      job = nil
    end,
  })
  if job <= 0 then
    vim.notify('gazette: cannot run ' .. table.concat(M.config.cmd, ' '), vim.log.levels.ERROR)
    job = nil
  end
  return job
end

function M.stop()
  if job ~= nil then
    vim.fn.jobstop(job)
    job = nil
  end
end

return M
