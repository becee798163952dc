-- Alama: a thin Neovim client of `alama serve` (the Alama language server).
-- All the logic lives in the server; this module finds the project root,
-- starts one client per root, and adds a few commands. It runs on Neovim
-- 0.7 (vim.lsp.start_client + vim.lsp.buf_attach_client) and newer
-- (vim.lsp.start from 0.8); the 0.7 path uses no newer API (no vim.fs).
local M = {}

local defaults = {
  -- The server command; `alama tag` for :AlamaExport is this command
  -- without its last word `serve`.
  cmd = { 'alama', 'serve' },
  -- Server settings (include, exclude, suggestionSeverity,
  -- confirmedSeverity): sent as initializationOptions and as the `alama`
  -- section of workspace/configuration. The server rejects unknown keys.
  settings = {},
  -- A buffer's root is the nearest folder above it holding one of these;
  -- a marker with a `*` is a glob (`*.ann`: a brat annotation file).
  root_markers = { '.alama', 'annotation.conf', '*.ann' },
  filetypes = { 'text' },
  -- Called with (client, bufnr) after the plugin's own on_attach.
  on_attach = nil,
  -- A buffer-local `K` mapping to vim.lsp.buf.hover (0.7 maps none).
  hover_key = 'K',
}

M.config = vim.deepcopy(defaults)

-- One client id per root folder.
local clients = {}

-- Methods of a client object: `client.request(…)` up to 0.10,
-- `client:request(…)` from 0.11 (where the former is deprecated).
local method_calls = vim.fn.has('nvim-0.11') == 1
local function call(client, name, ...)
  if method_calls then
    return client[name](client, ...)
  end
  return client[name](...)
end

local function notify(msg, level)
  vim.notify('alama: ' .. msg, level or vim.log.levels.INFO)
end

local function exists(path)
  return vim.loop.fs_stat(path) ~= nil
end

local function parent(dir)
  local up = vim.fn.fnamemodify(dir, ':h')
  if up == dir then
    return nil
  end
  return up
end

--- The nearest folder at or above `path` (a file or folder) holding one of
--- `markers`, or nil.
function M.find_root(path, markers)
  markers = markers or M.config.root_markers
  if path == nil or path == '' then
    return nil
  end
  path = vim.fn.fnamemodify(path, ':p')
  local dir = path
  if vim.fn.isdirectory(dir) == 0 then
    dir = vim.fn.fnamemodify(path, ':h')
  end
  dir = dir:gsub('/+$', '')
  if dir == '' then
    dir = '/'
  end
  while dir do
    for _, marker in ipairs(markers) do
      if marker:find('[*?%[]') then
        if vim.fn.glob(dir .. '/' .. marker, true, true)[1] ~= nil then
          return dir
        end
      elseif exists(dir .. '/' .. marker) then
        return dir
      end
    end
    dir = parent(dir)
  end
  return nil
end

-- Settings as a JSON object, even when empty (an empty Lua table would be
-- sent as an array).
local function settings_object()
  local settings = M.config.settings or {}
  if next(settings) == nil then
    return vim.empty_dict()
  end
  return settings
end

--- The alama client attached to `bufnr` (0: the current buffer), or nil.
function M.client(bufnr)
  bufnr = (bufnr == nil or bufnr == 0) and vim.api.nvim_get_current_buf() or bufnr
  local found
  if vim.lsp.get_clients then
    found = vim.lsp.get_clients({ bufnr = bufnr, name = 'alama' })
  else
    found = vim.tbl_filter(function(c)
      return c.name == 'alama'
    end, vim.tbl_values(vim.lsp.buf_get_clients(bufnr)))
  end
  return found[1]
end

--- Buffer-local setup of an attached buffer: the hover key.
function M.on_attach(client, bufnr)
  local key = M.config.hover_key
  if key and key ~= '' then
    vim.keymap.set('n', key, vim.lsp.buf.hover, {
      buffer = bufnr,
      desc = 'Alama: hover card of the entity under the cursor',
    })
  end
  if M.config.on_attach then
    M.config.on_attach(client, bufnr)
  end
end

--- The client configuration for `root` (also the base of lsp/alama.lua).
function M.client_config(root)
  return {
    name = 'alama',
    cmd = M.config.cmd,
    root_dir = root,
    workspace_folders = root and { { uri = vim.uri_from_fname(root), name = vim.fn.fnamemodify(root, ':t') } } or nil,
    init_options = settings_object(),
    -- Answers workspace/configuration for the section `alama`.
    settings = { alama = settings_object() },
    on_attach = function(client, bufnr)
      M.on_attach(client, bufnr)
    end,
  }
end

--- Starts (or reuses) the client of the buffer's root and attaches it;
--- returns the client id.
function M.attach(bufnr)
  bufnr = (bufnr == nil or bufnr == 0) and vim.api.nvim_get_current_buf() or bufnr
  if vim.bo[bufnr].buftype ~= '' then
    return
  end
  local name = vim.api.nvim_buf_get_name(bufnr)
  local root = M.find_root(name)
  if not root then
    return
  end
  if vim.lsp.start then
    -- 0.8+: reuses the running client of the same root.
    return vim.lsp.start(M.client_config(root), {
      bufnr = bufnr,
      reuse_client = function(client, config)
        return client.name == 'alama' and client.config.root_dir == config.root_dir
      end,
    })
  end
  local id = clients[root]
  local client = id and vim.lsp.get_client_by_id(id)
  if not client or client.is_stopped() then
    id = vim.lsp.start_client(M.client_config(root))
    if not id then
      notify('could not start ' .. table.concat(M.config.cmd, ' '), vim.log.levels.ERROR)
      return
    end
    clients[root] = id
  end
  vim.lsp.buf_attach_client(bufnr, id)
  return id
end

-- The range of the cursor (normal mode) in the client's encoding.
local function cursor_params(client, bufnr)
  local params = vim.lsp.util.make_range_params(0, client.offset_encoding)
  params.context = { diagnostics = {} }
  params.textDocument = { uri = vim.uri_from_bufnr(bufnr) }
  return params
end

--- Runs the code action at the cursor whose title starts with `prefix`
--- (the preferred one if several do) by sending workspace/executeCommand.
--- `done(err, result)` is called at the end (for tests); by default the
--- outcome is shown with vim.notify.
function M.code_action(prefix, done)
  local bufnr = vim.api.nvim_get_current_buf()
  local client = M.client(bufnr)
  local function finish(err, result)
    if done then
      done(err, result)
    elseif err then
      notify(err, vim.log.levels.WARN)
    elseif type(result) == 'string' then
      notify(result)
    end
  end
  if not client then
    return finish('no alama server attached to this buffer')
  end
  call(client, 'request', 'textDocument/codeAction', cursor_params(client, bufnr), function(err, actions)
    if err then
      return finish(err.message or vim.inspect(err))
    end
    local chosen
    for _, action in ipairs(actions or {}) do
      if vim.startswith(action.title or '', prefix) then
        if not chosen or (action.isPreferred and not chosen.isPreferred) then
          chosen = action
        end
      end
    end
    if not chosen then
      return finish('no action «' .. prefix .. '…» here')
    end
    -- A CodeAction carries a Command; a bare Command is one.
    local command = type(chosen.command) == 'table' and chosen.command or chosen
    if chosen.edit then
      vim.lsp.util.apply_workspace_edit(chosen.edit, client.offset_encoding)
    end
    if type(command.command) ~= 'string' then
      return finish(nil, chosen.title)
    end
    call(client, 'request', 'workspace/executeCommand', {
      command = command.command,
      arguments = command.arguments,
    }, function(cerr, result)
      if cerr then
        return finish(cerr.message or vim.inspect(cerr))
      end
      finish(nil, result or chosen.title)
    end, bufnr)
  end, bufnr)
end

function M.accept(done)
  M.code_action('Accept «', done)
end

function M.reject(done)
  M.code_action('Reject «', done)
end

--- The review states as the command takes them, with the words of the
--- source action that sets each (see `alama status`).
local REVIEW_STATES = { todo = 'to do', ['in-progress'] = 'in progress', done = 'done' }
local REVIEW_NAMES = { 'todo', 'in-progress', 'done' }

--- Sets the review state of the current buffer's document (todo,
--- in-progress or done) through the server's source action "Mark this
--- document as …", which records it in `.alama/status.tsv` with who and
--- when. `done(err, result)` as for M.code_action.
function M.review(state, done)
  local words = REVIEW_STATES[state or '']
  if not words then
    local usage = 'usage: :AlamaReview ' .. table.concat(REVIEW_NAMES, '|')
    if done then
      return done(usage)
    end
    return notify(usage, vim.log.levels.ERROR)
  end
  M.code_action('Mark this document as ' .. words, done)
end

--- Moves the cursor to the start of the next (`direction` 'next') or
--- previous ('previous') suggestion of the current buffer, which the
--- server finds from the cursor, wrapping around the end of the document
--- (the commands alama.nextSuggestion and alama.previousSuggestion).
--- `done(err, range)` is called at the end with the suggestion's LSP range,
--- or none when the document has no suggestion; by default a problem, or
--- the lack of a suggestion, is notified.
function M.goto_suggestion(direction, done)
  local command = ({ next = 'alama.nextSuggestion', previous = 'alama.previousSuggestion' })[direction]
  local function finish(err, range)
    if done then
      done(err, range)
    elseif err then
      notify(err, vim.log.levels.WARN)
    elseif not range then
      notify('no suggestion in this document')
    end
  end
  if not command then
    return finish('direction must be next or previous, not ' .. tostring(direction))
  end
  local bufnr = vim.api.nvim_get_current_buf()
  local client = M.client(bufnr)
  if not client then
    return finish('no alama server attached to this buffer')
  end
  local params = vim.lsp.util.make_position_params(0, client.offset_encoding)
  call(client, 'request', 'workspace/executeCommand', {
    command = command,
    arguments = { params.textDocument.uri, params.position },
  }, function(err, location)
    if err then
      return finish(err.message or vim.inspect(err))
    end
    if type(location) ~= 'table' or type(location.range) ~= 'table' then
      return finish(nil, nil)
    end
    -- Neovim converts the position from the client's encoding, and keeps
    -- the place left in the jump list.
    if vim.lsp.util.show_document then
      vim.lsp.util.show_document(location, client.offset_encoding, { focus = true })
    else
      vim.lsp.util.jump_to_location(location, client.offset_encoding)
    end
    finish(nil, location.range)
  end, bufnr)
end

--- The `alama` command line without `serve`: that of the client attached to
--- the current buffer, else of the setup options ({'alama'} by default).
function M.tag_cmd()
  local client = M.client(0)
  local cmd = vim.deepcopy(client and client.config.cmd or M.config.cmd)
  if cmd[#cmd] == 'serve' then
    table.remove(cmd)
  end
  return cmd
end

--- The `alama` arguments that export <root> into <dir> as `format`.
local EXPORT_ARGS = {
  conll = { 'export', '%root', '--format', 'conll', '--out', '%dir' },
  jsonl = { 'export', '%root', '--format', 'jsonl', '--out', '%dir' },
  ['jsonl-suggestions'] = {
    'export', '%root', '--format', 'jsonl', '--out', '%dir', '--include-suggestions',
  },
  brat = { 'tag', '%root', '--format', 'brat', '--out', '%dir' },
}
local EXPORT_FORMATS = { 'conll', 'jsonl', 'jsonl-suggestions', 'brat' }

--- Exports the corpus of the current buffer's root into <dir>: `alama
--- export` for conll and jsonl (confirmed annotations; jsonl-suggestions
--- adds the suggestions, marked), `alama tag --format brat` for brat. The
--- binary refuses a <dir> in or around the corpus, and one that is not
--- empty unless it wrote it. `done(ok, message)` is called at the end; by
--- default it notifies.
function M.export(format, dir, done)
  done = done or function(ok, message)
    notify(message, ok and vim.log.levels.INFO or vim.log.levels.ERROR)
  end
  if not EXPORT_ARGS[format] then
    return done(false, ('format must be one of %s, not %s'):format(
      table.concat(EXPORT_FORMATS, ', '), tostring(format)))
  end
  if not dir or dir == '' then
    return done(false, 'usage: :AlamaExport ' .. table.concat(EXPORT_FORMATS, '|') .. ' DIR')
  end
  local root = M.find_root(vim.api.nvim_buf_get_name(0))
  if not root then
    return done(false, 'no Alama project above this buffer (markers: '
      .. table.concat(M.config.root_markers, ', ') .. ')')
  end
  dir = vim.fn.fnamemodify(vim.fn.expand(dir), ':p'):gsub('/+$', '')
  local argv = M.tag_cmd()
  for _, arg in ipairs(EXPORT_ARGS[format]) do
    table.insert(argv, (arg == '%root' and root) or (arg == '%dir' and dir) or arg)
  end
  local stderr = {}
  local job = vim.fn.jobstart(argv, {
    stderr_buffered = true,
    on_stderr = function(_, data)
      for _, line in ipairs(data or {}) do
        table.insert(stderr, line)
      end
    end,
    on_exit = function(_, code)
      local errors = vim.trim(table.concat(stderr, '\n'))
      if code ~= 0 then
        return done(false, ('`%s` exited with %d%s'):format(
          table.concat(argv, ' '), code, errors ~= '' and (': ' .. errors) or ''))
      end
      done(true, ('exported the corpus as %s to %s'):format(format, dir))
    end,
  })
  if job <= 0 then
    done(false, 'could not run ' .. table.concat(argv, ' '))
  end
  return job
end

local function define_commands()
  -- The server's code lens "Set review state…" runs this command of the
  -- client (see vim.lsp.codelens.run()): it asks which state, then sets it
  -- as :AlamaReview does.
  vim.lsp.commands['alama.setReviewState'] = function()
    vim.ui.select(REVIEW_NAMES, { prompt = 'Review state of this document' }, function(state)
      if state then
        M.review(state)
      end
    end)
  end
  vim.api.nvim_create_user_command('AlamaAccept', function()
    M.accept()
  end, { desc = 'Alama: accept the suggestion under the cursor' })
  vim.api.nvim_create_user_command('AlamaReject', function()
    M.reject()
  end, { desc = 'Alama: reject the suggestion under the cursor' })
  vim.api.nvim_create_user_command('AlamaReview', function(args)
    M.review(args.fargs[1])
  end, {
    nargs = 1,
    complete = function()
      return REVIEW_NAMES
    end,
    desc = 'Alama: set the review state of this document (todo, in-progress or done)',
  })
  vim.api.nvim_create_user_command('AlamaNext', function()
    M.goto_suggestion('next')
  end, { desc = 'Alama: go to the next suggestion (wraps around)' })
  vim.api.nvim_create_user_command('AlamaPrev', function()
    M.goto_suggestion('previous')
  end, { desc = 'Alama: go to the previous suggestion (wraps around)' })
  vim.api.nvim_create_user_command('AlamaExport', function(args)
    M.export(args.fargs[1], args.fargs[2])
  end, {
    nargs = '+',
    complete = function(_, line)
      if #vim.split(line, '%s+') <= 2 then
        return EXPORT_FORMATS
      end
      return vim.fn.getcompletion(vim.split(line, '%s+')[3] or '', 'dir')
    end,
    desc = 'Alama: export the corpus (conll, jsonl, jsonl-suggestions or brat) to a folder',
  })
end
M.define_commands = define_commands

--- Configures the plugin and attaches to matching buffers, now and later.
function M.setup(opts)
  M.config = vim.tbl_extend('force', vim.deepcopy(defaults), opts or {})
  define_commands()
  local group = vim.api.nvim_create_augroup('alama', { clear = true })
  vim.api.nvim_create_autocmd('FileType', {
    group = group,
    pattern = M.config.filetypes,
    callback = function(args)
      M.attach(args.buf)
    end,
  })
  for _, bufnr in ipairs(vim.api.nvim_list_bufs()) do
    if vim.api.nvim_buf_is_loaded(bufnr)
      and vim.tbl_contains(M.config.filetypes, vim.bo[bufnr].filetype) then
      M.attach(bufnr)
    end
  end
end

return M
