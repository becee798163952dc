-- Neovim 0.11+: `vim.lsp.enable('alama')` picks this file up from the
-- runtimepath; override any field with `vim.lsp.config('alama', {...})`,
-- e.g. `cmd` or `settings = { alama = { suggestionSeverity = 'hint' } }`
-- (then set `init_options` to the same table: the server reads both).
-- The root is the nearest folder above the buffer holding one of
-- `root_markers` (a marker with `*` is a glob; require('alama').find_root).
-- An `on_attach` of your own replaces this one: call
-- require('alama').on_attach(client, bufnr) from it to keep the inlay hints.
local alama = require('alama')

return {
  cmd = { 'alama', 'serve' },
  filetypes = { 'text' },
  root_markers = { '.alama', 'annotation.conf', '*.ann' },
  root_dir = function(bufnr, on_dir)
    local config = vim.lsp.config.alama
    local root = alama.find_root(vim.api.nvim_buf_get_name(bufnr), config and config.root_markers)
    if root then
      on_dir(root)
    end
  end,
  -- Merged over Neovim's defaults: the client runs alama.pick.
  capabilities = alama.capabilities,
  init_options = vim.empty_dict(),
  settings = { alama = vim.empty_dict() },
  on_attach = function(client, bufnr)
    -- The commands and colours, in case plugin/alama.lua was not sourced;
    -- then the hover key and the inlay hints.
    alama.define()
    alama.on_attach(client, bufnr)
  end,
}
