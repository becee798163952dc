-- Neovim 0.11+ only: the plugin's lsp/alama.lua through vim.lsp.config and
-- vim.lsp.enable (no setup()). Run by tests/neovim/run.sh like test.lua.
local corpus = assert(os.getenv('ALAMA_CORPUS'), 'ALAMA_CORPUS is not set')
local bin = assert(os.getenv('ALAMA_BIN'), 'ALAMA_BIN is not set')
local TIMEOUT = 15000

local function fail(what)
  io.stdout:write('FAILED: ' .. what .. '\n')
  vim.cmd('cquit 1')
end

local ok, err = xpcall(function()
  vim.cmd('filetype on')
  vim.lsp.config('alama', { cmd = { bin, 'serve' } })
  vim.lsp.enable('alama')
  vim.cmd('edit ' .. vim.fn.fnameescape(corpus .. '/001_3c9b909a0e592931.txt'))
  local bufnr = vim.api.nvim_get_current_buf()
  local baghdad
  vim.wait(TIMEOUT, function()
    for _, d in ipairs(vim.diagnostic.get(bufnr)) do
      if d.source == 'alama' and d.message == 'GPE · بغداد (Baghdad) — lexicon' then
        baghdad = baghdad or d
      end
    end
    return baghdad ~= nil
  end, 20)
  if not baghdad then
    return fail('vim.lsp.enable: no diagnostic «GPE · بغداد (Baghdad) — lexicon»')
  end
  local client = vim.lsp.get_clients({ bufnr = bufnr, name = 'alama' })[1]
  if client.config.root_dir ~= corpus then
    return fail('vim.lsp.enable: root ' .. tostring(client.config.root_dir))
  end
  io.stdout:write('ok: vim.lsp.enable attaches alama with root ' .. corpus .. '\n')
  -- lsp/alama.lua's capabilities are merged over Neovim's defaults.
  if vim.tbl_get(client.capabilities, 'experimental', 'alama', 'pick') ~= true
    or vim.tbl_get(client.capabilities, 'textDocument', 'hover') == nil then
    return fail('vim.lsp.enable: capabilities ' .. vim.inspect(client.capabilities.experimental))
  end
  io.stdout:write('ok: the client declares experimental.alama.pick\n')
  -- lsp/alama.lua's on_attach turns the inlay hints on.
  if not vim.lsp.inlay_hint.is_enabled({ bufnr = bufnr }) then
    return fail('vim.lsp.enable: inlay hints are off')
  end
  io.stdout:write('ok: inlay hints are on\n')
  -- :AlamaAccept, defined by lsp/alama.lua's on_attach.
  vim.api.nvim_win_set_cursor(0, { baghdad.lnum + 1, baghdad.col })
  vim.notify = function() end
  vim.cmd('AlamaAccept')
  local ann = corpus .. '/001_3c9b909a0e592931.ann'
  local accepted = vim.wait(TIMEOUT, function()
    local lines = vim.fn.filereadable(ann) == 1 and vim.fn.readfile(ann) or {}
    return lines[1] ~= nil and lines[1]:match('^T1\tGPE %d+ %d+\tبغداد$') ~= nil
  end, 20)
  if not accepted then
    return fail('vim.lsp.enable: :AlamaAccept did not write T1 GPE … بغداد to ' .. ann)
  end
  io.stdout:write('ok: :AlamaAccept writes the .ann\n')
  -- root_markers of vim.lsp.config replace lsp/alama.lua's: with only
  -- annotation.conf, a folder with .alama/ below it is not the root.
  local outer = vim.fn.fnamemodify(corpus, ':h') .. '/markers'
  vim.fn.mkdir(outer .. '/inner/.alama', 'p')
  vim.fn.writefile({}, outer .. '/annotation.conf')
  vim.fn.writefile({ 'Baghdad' }, outer .. '/inner/a.txt')
  vim.lsp.config('alama', { root_markers = { 'annotation.conf' } })
  vim.cmd('edit ' .. vim.fn.fnameescape(outer .. '/inner/a.txt'))
  local other
  vim.wait(TIMEOUT, function()
    other = vim.lsp.get_clients({ bufnr = 0, name = 'alama' })[1]
    return other ~= nil
  end, 20)
  if not other or other.config.root_dir ~= outer then
    return fail('root_markers: root ' .. tostring(other and other.config.root_dir) .. ', not ' .. outer)
  end
  io.stdout:write('ok: vim.lsp.config root_markers choose the root\n')
  other:stop()
  client:stop()
  vim.wait(TIMEOUT, function()
    return client:is_stopped()
  end, 20)
  vim.cmd('qall!')
end, debug.traceback)
if not ok then
  fail(tostring(err))
end
