-- Gazette's language server in Neovim (0.7 and later).
--
--   require('gazette.lsp').setup()   -- or setup({ cmd = { 'gazette', 'lsp', '--index', '/path/Index' } })
--
-- Text and Markdown buffers then attach to `gazette lsp`:
--   :lua vim.lsp.buf.workspace_symbol('"concert hall"')   articles matching a query
--   K or :lua vim.lsp.buf.hover()                           on an actor or country name
local M = {}

M.config = {
  name = 'gazette',
  cmd = { 'gazette', 'lsp' },
  filetypes = { 'text', 'markdown' },
  -- The folder the server is started in; nil means Neovim's current folder.
  root_dir = nil,
}

local client_id = nil

local function client_config()
  return {
    name = M.config.name,
    cmd = M.config.cmd,
    root_dir = M.config.root_dir or vim.fn.getcwd(),
  }
end

-- Attaches the buffer (default: the current one) to the server, starting it
-- when needed; returns the client id, or nil when it could not start.
function M.start(bufnr)
  if bufnr == nil or bufnr == 0 then
    bufnr = vim.api.nvim_get_current_buf()
  end
  if vim.fn.has('nvim-0.10') == 1 then
    -- vim.lsp.start reuses a running client with the same name and root.
    client_id = vim.lsp.start(client_config(), { bufnr = bufnr })
    return client_id
  end
  -- Neovim 0.7 to 0.9: one client, started once, attached to each buffer.
  local client = client_id and vim.lsp.get_client_by_id(client_id)
  if client == nil or client.is_stopped() then
    client_id = vim.lsp.start_client(client_config())
    if client_id == nil then
      vim.notify('gazette: cannot start ' .. table.concat(M.config.cmd, ' '), vim.log.levels.ERROR)
      return nil
    end
  end
  vim.lsp.buf_attach_client(bufnr, client_id)
  return client_id
end

function M.setup(opts)
  M.config = vim.tbl_extend('force', M.config, opts or {})
  local group = vim.api.nvim_create_augroup('gazette_lsp', { clear = true })
  vim.api.nvim_create_autocmd('FileType', {
    group = group,
    pattern = M.config.filetypes,
    callback = function(args)
      M.start(args.buf)
    end,
  })
end

return M
