-- :checkhealth alama — the Neovim version, the `alama` binary, the client
-- of the buffer you came from, and whether its folder is a corpus.
-- vim.health.start/ok/… from 0.10; the `health` module's report_start/…
-- on 0.7 and vim.health.report_* on 0.9 (both removed later).
local M = {}

local function reporter()
  local health = vim.health or require('health')
  return {
    start = health.start or health.report_start,
    ok = health.ok or health.report_ok,
    info = health.info or health.report_info,
    warn = health.warn or health.report_warn,
    error = health.error or health.report_error,
  }
end

-- The buffer :checkhealth was run from: it runs the checks in a buffer of
-- its own (in a new tab page or a floating window), so that buffer is the
-- alternate one, else the current one of the previous tab page.
local function checked_buffer()
  local current = vim.api.nvim_get_current_buf()
  if vim.bo[current].buftype == '' and vim.bo[current].filetype ~= 'checkhealth' then
    return current
  end
  local alternate = vim.fn.bufnr('#')
  if alternate > 0 and alternate ~= current and vim.api.nvim_buf_is_loaded(alternate) then
    return alternate
  end
  local tab = vim.fn.tabpagenr('#')
  if tab > 0 then
    return vim.fn.tabpagebuflist(tab)[vim.fn.tabpagewinnr(tab)]
  end
  return current
end

-- The command that starts the server: that of the client attached to
-- `bufnr`, else that of vim.lsp.config (0.11+) or of the setup options.
local function server_cmd(client)
  if client and type(client.config.cmd) == 'table' then
    return client.config.cmd, 'the attached client'
  end
  local alama = require('alama')
  if vim.lsp.config and vim.lsp.enable and vim.lsp.config.alama
    and type(vim.lsp.config.alama.cmd) == 'table' then
    return vim.lsp.config.alama.cmd, "vim.lsp.config('alama')"
  end
  return alama.config.cmd, "require('alama').setup()"
end

function M.check()
  local report = reporter()
  local alama = require('alama')

  report.start('Neovim')
  local v = vim.version()
  local version = ('%d.%d.%d'):format(v.major, v.minor, v.patch)
  if vim.fn.has('nvim-0.7') == 0 then
    report.error('Neovim ' .. version .. ': the plugin needs 0.7 or newer')
  else
    report.ok('Neovim ' .. version)
  end
  local function feature(has, what, from)
    if has then
      report.ok(what)
    else
      report.info(what .. ': from Neovim ' .. from)
    end
  end
  feature(vim.lsp.semantic_tokens ~= nil, 'colours of confirmed mentions (semantic tokens)', '0.9')
  feature(vim.lsp.inlay_hint ~= nil, 'inlay hints (the type after each confirmed mention)', '0.10')
  feature(vim.lsp.config ~= nil and vim.lsp.enable ~= nil, "vim.lsp.config('alama') and vim.lsp.enable('alama')", '0.11')

  report.start('The alama binary')
  local bufnr = checked_buffer()
  local client = alama.client(bufnr)
  local cmd, origin = server_cmd(client)
  local binary = cmd[1]
  if vim.fn.executable(binary) ~= 1 then
    report.error(('`%s` (the cmd of %s) is not an executable file, nor a program on PATH'):format(
      binary, origin), {
      'Install it: `cargo install --path server/alama` in the repository, or copy target/release/alama onto PATH.',
      "Or give its path: require('alama').setup({ cmd = { '/path/to/alama', 'serve' } }).",
    })
  else
    local output = vim.fn.system({ binary, '--version' })
    local first = vim.split(vim.trim(output or ''), '\n')[1] or ''
    if vim.v.shell_error ~= 0 then
      report.error(('`%s --version` failed (exit %d): %s'):format(binary, vim.v.shell_error, first))
    else
      report.ok(('`%s --version`: %s (%s)'):format(binary, first, vim.fn.exepath(binary)))
    end
  end

  report.start('This buffer')
  local name = vim.api.nvim_buf_get_name(bufnr)
  if client then
    local info = alama.server_info(client) or {}
    report.ok(('client %d attached; server %s %s, root %s'):format(client.id, info.name or 'alama',
      info.version or '(version unknown)', tostring(client.config.root_dir)))
  elseif name == '' then
    report.info('no file in this buffer: open an article of the corpus (a .txt file) to check the client')
  else
    report.warn('no alama client attached to ' .. vim.fn.fnamemodify(name, ':~:.'), {
      'The plugin attaches buffers of filetype text (' .. table.concat(alama.config.filetypes, ', ')
        .. ') under a folder with one of ' .. table.concat(alama.config.root_markers, ', ') .. '.',
      "Call require('alama').setup() (or vim.lsp.enable('alama') on 0.11+).",
    })
  end

  report.start('Corpus')
  local from = name ~= '' and name or vim.fn.getcwd()
  local root = alama.find_root(from)
  if root then
    local marks = vim.tbl_filter(function(marker)
      return vim.fn.glob(root .. '/' .. marker, true, true)[1] ~= nil
    end, alama.config.root_markers)
    report.ok(('%s is a corpus (it holds %s)'):format(root, table.concat(marks, ', ')))
  else
    report.warn(('no folder at or above %s holds one of %s'):format(from,
      table.concat(alama.config.root_markers, ', ')), {
      'Make a folder a corpus: create an empty .alama folder in it (`mkdir .alama`).',
    })
  end
end

return M
