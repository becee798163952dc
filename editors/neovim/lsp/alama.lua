-- Neovim 0.11+: `vim.lsp.enable('alama')` picks this file up from the
-- runtimepath; override any field with `vim.lsp.config('alama', {...})`,
-- e.g. `cmd` or `settings = { alama = { suggestionSeverity = 'hint' } }`
-- (then set `init_options` to the same table: the server reads both).
-- The root is the nearest folder above the buffer with `.alama/`,
-- `annotation.conf` or a `*.ann` file (require('alama').find_root).
local alama = require('alama')

return {
  cmd = { 'alama', 'serve' },
  filetypes = { 'text' },
  root_dir = function(bufnr, on_dir)
    local root = alama.find_root(vim.api.nvim_buf_get_name(bufnr))
    if root then
      on_dir(root)
    end
  end,
  init_options = vim.empty_dict(),
  settings = { alama = vim.empty_dict() },
  on_attach = function(_, _)
    -- K already shows the hover card on 0.10+; the commands need no client
    -- setup (plugin/alama.lua defines them).
    alama.define_commands()
  end,
}
