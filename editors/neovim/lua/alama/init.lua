-- Alama: a thin Neovim client of `alama serve` (the Alama language server).
-- All the logic lives in the server; this module finds the project root,
-- starts one client per root, and adds a few commands. It runs on Neovim
-- 0.7 (vim.lsp.start_client + vim.lsp.buf_attach_client) and newer
-- (vim.lsp.start from 0.8, vim.lsp.config + vim.lsp.enable from 0.11);
-- newer features (semantic token colours from 0.9, inlay hints from 0.10)
-- are used when the API exists, and the 0.7 path uses no newer API.
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
  -- Show the server's inlay hints (the type after each confirmed
  -- mention) on Neovim 0.10 and newer.
  inlay_hints = true,
  -- Virtual text and signs only for the checks' warnings and errors, not
  -- for each suggestion (a hint); see M.quiet_hints.
  quiet_hints = true,
  -- Client capabilities merged over Neovim's defaults (e.g. those of a
  -- completion plugin); the plugin adds experimental.alama.pick.
  capabilities = nil,
}

-- What the plugin adds to the client capabilities: it runs the client
-- command alama.pick (see M.pick), so the server offers one entry with a
-- pick list ("Tag «…» as…") instead of one action per type.
M.capabilities = { experimental = { alama = { pick = true } } }

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

--- Shows the server's inlay hints in `bufnr` (Neovim 0.10 and newer);
--- returns whether they are shown. The signature is enable(true, {bufnr})
--- from 0.10.0; 0.10 development builds before April 2024 took
--- enable(bufnr, true), which is tried when the first raises.
function M.enable_inlay_hints(client, bufnr)
  local hints = vim.lsp.inlay_hint
  if type(hints) ~= 'table' or type(hints.enable) ~= 'function'
    or not (client.server_capabilities or {}).inlayHintProvider then
    return false
  end
  if pcall(hints.enable, true, { bufnr = bufnr }) then
    return true
  end
  return (pcall(hints.enable, bufnr, true))
end

--- Buffer-local setup of an attached buffer: the hover key and the inlay
--- hints (`inlay_hints`), then the `on_attach` option. A configuration of
--- your own for vim.lsp.config('alama', …) that sets `on_attach` should
--- call this from it.
function M.on_attach(client, bufnr)
  local key = M.config.hover_key
  if key and key ~= '' then
    vim.keymap.set('n', key, vim.lsp.buf.hover, {
      buffer = bufnr,
      desc = 'Alama: hover card of the entity under the cursor',
    })
  end
  if M.config.inlay_hints then
    M.enable_inlay_hints(client, bufnr)
  end
  if M.config.quiet_hints then
    M.quiet_hints(client)
  end
  if M.config.on_attach then
    M.config.on_attach(client, bufnr)
  end
end

--- Suggestions are hints (the server's default severity), one per name:
--- printed at the ends of lines as virtual text, with a sign each, they
--- would crowd every line. For the client's diagnostics, virtual text and
--- signs are kept for the checks' warnings and errors; every mention stays
--- underlined and in |vim.diagnostic.open_float()|.
function M.quiet_hints(client)
  local warnings = { min = vim.diagnostic.severity.WARN }
  vim.diagnostic.config({
    virtual_text = { severity = warnings },
    signs = { severity = warnings },
  }, vim.lsp.diagnostic.get_namespace(client.id))
end

--- The highlight group each semantic token type of the server links to by
--- default: people, organisations, places, groups, events, and times and
--- numbers each take a group every colour scheme defines.
M.highlights = {
  alamaPer = 'Identifier',
  alamaOrg = 'Type',
  alamaGpe = 'Constant',
  alamaLoc = 'Constant',
  alamaFac = 'Constant',
  alamaNorp = 'Special',
  alamaEvent = 'Statement',
  alamaDate = 'Number',
  alamaTime = 'Number',
  alamaMoney = 'Number',
  alamaPercent = 'Number',
  alamaQuantity = 'Number',
  alamaCardinal = 'Number',
}

--- Links `@lsp.type.alamaPer`… to M.highlights, as defaults (`default =
--- true`: a colour scheme's or your own definition wins), again after every
--- colour scheme is loaded. Neovim colours semantic tokens from 0.9;
--- before, this does nothing and returns false.
function M.define_highlights()
  if not vim.lsp.semantic_tokens then
    return false
  end
  local function link()
    for token, group in pairs(M.highlights) do
      vim.api.nvim_set_hl(0, '@lsp.type.' .. token, { link = group, default = true })
    end
  end
  link()
  vim.api.nvim_create_autocmd('ColorScheme', {
    group = vim.api.nvim_create_augroup('alama_highlights', { clear = true }),
    callback = link,
  })
  return true
end

--- Neovim's default client capabilities, then the `capabilities` option,
--- then the plugin's own (M.capabilities).
function M.make_capabilities()
  return vim.tbl_deep_extend('force', vim.lsp.protocol.make_client_capabilities(),
    M.config.capabilities or {}, M.capabilities)
end

-- The server's name and version from its initialize answer, by client id
-- (client.server_info has them from Neovim 0.9 only).
local server_infos = {}

--- The server's `serverInfo` ({name, version}) of a client, or nil.
function M.server_info(client)
  return client.server_info or server_infos[client.id]
end

--- The client configuration for `root` (also the base of lsp/alama.lua).
function M.client_config(root)
  return {
    name = 'alama',
    cmd = M.config.cmd,
    root_dir = root,
    workspace_folders = root and { { uri = vim.uri_from_fname(root), name = vim.fn.fnamemodify(root, ':t') } } or nil,
    capabilities = M.make_capabilities(),
    init_options = settings_object(),
    -- Answers workspace/configuration for the section `alama`.
    settings = { alama = settings_object() },
    on_init = function(client, result)
      server_infos[client.id] = result and result.serverInfo
    end,
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

-- A callback for the end of a command: `done(err, result)` when given (for
-- tests and scripts), else a notification of the error, or of the
-- server's answer when it is a message.
local function reporter(done)
  return function(err, result)
    if done then
      done(err, result)
    elseif err then
      notify(err, vim.log.levels.WARN)
    elseif type(result) == 'string' then
      notify(result)
    end
  end
end

-- Sends workspace/executeCommand; `finish(err, result)` with the error's
-- message.
local function execute(client, bufnr, command, arguments, finish)
  call(client, 'request', 'workspace/executeCommand', {
    command = command,
    arguments = arguments,
  }, function(err, result)
    if err then
      return finish(err.message or vim.inspect(err))
    end
    finish(nil, result)
  end, bufnr)
end

-- The LSP position of byte `col` of line `row` (0-based) in `encoding`:
-- vim.str_utfindex takes the encoding from 0.11, before which
-- vim.lsp.util.character_offset converts.
local function position(bufnr, row, col, encoding)
  if vim.fn.has('nvim-0.11') == 1 then
    local line = vim.api.nvim_buf_get_lines(bufnr, row, row + 1, false)[1] or ''
    return { line = row, character = vim.str_utfindex(line, encoding, math.min(col, #line), false) }
  end
  return { line = row, character = vim.lsp.util.character_offset(bufnr, row, col, encoding) }
end

--- The LSP range of the last visual selection in `bufnr`: from its first
--- character to past its last one (with that character's combining marks,
--- such as harakat), or to the end of the line in linewise mode.
function M.selection_range(bufnr, encoding)
  local first = vim.api.nvim_buf_get_mark(bufnr, '<')
  local last = vim.api.nvim_buf_get_mark(bufnr, '>')
  local line = vim.api.nvim_buf_get_lines(bufnr, last[1] - 1, last[1], false)[1] or ''
  local stop = last[2]
  if stop >= #line then
    stop = #line
  elseif vim.o.selection ~= 'exclusive' then
    stop = stop + #vim.fn.strpart(line, stop, 1, true)
  end
  return {
    start = position(bufnr, first[1] - 1, first[2], encoding),
    ['end'] = position(bufnr, last[1] - 1, stop, encoding),
  }
end

-- Asks the server of the current buffer for its code actions at `range`
-- (by default the cursor), then calls `fn(client, bufnr, actions)`;
-- `finish(err)` when there is no server or the request fails.
local function with_actions(range, finish, fn)
  local bufnr = vim.api.nvim_get_current_buf()
  local client = M.client(bufnr)
  if not client then
    return finish('no alama server attached to this buffer')
  end
  local params = vim.lsp.util.make_range_params(0, client.offset_encoding)
  params.range = range or params.range
  params.context = { diagnostics = {} }
  params.textDocument = { uri = vim.uri_from_bufnr(bufnr) }
  call(client, 'request', 'textDocument/codeAction', params, function(err, actions)
    if err then
      return finish(err.message or vim.inspect(err))
    end
    fn(client, bufnr, actions or {})
  end, bufnr)
end

-- The argument of an action whose command is the client command
-- alama.pick, or nil.
local function pick_of(action)
  local command = type(action.command) == 'table' and action.command or action
  if command.command == 'alama.pick' and type(command.arguments) == 'table' then
    return command.arguments[1]
  end
end

local function choice_label(choice)
  if type(choice.description) == 'string' and choice.description ~= '' then
    return choice.label .. ' — ' .. choice.description
  end
  return choice.label
end

-- Runs the server command of a pick with `value` as its field.
local function run_pick(spec, value, client, bufnr, finish)
  local argument = vim.tbl_extend('force', type(spec.argument) == 'table' and spec.argument or {}, {
    [spec.field] = value,
  })
  execute(client, bufnr, spec.command, { argument }, finish)
end

--- The client command alama.pick: the server offers it (to a client that
--- declares experimental.alama.pick) with one argument
--- `{prompt, field, choices = {{label, description?, value}}, command,
--- argument}`. It asks with vim.ui.select, then runs the server command
--- `command` with `argument` and the choice's value as `field`.
--- `done(err, result)` at the end, `done(nil, nil)` when nothing was
--- chosen; by default the outcome is notified.
function M.pick(spec, client, bufnr, done)
  local finish = reporter(done)
  if type(spec) ~= 'table' or type(spec.command) ~= 'string' or type(spec.field) ~= 'string'
    or type(spec.choices) ~= 'table' then
    return finish('alama.pick: not a pick: ' .. vim.inspect(spec))
  end
  if not client then
    return finish('no alama server attached to this buffer')
  end
  vim.ui.select(spec.choices, { prompt = spec.prompt, format_item = choice_label }, function(choice)
    if choice == nil then
      return finish(nil, nil)
    end
    run_pick(spec, choice.value, client, bufnr, finish)
  end)
end

--- Runs a code action of `client`: applies its edit, then runs its command,
--- a client command (alama.pick, alama.setReviewState) here, any other
--- with workspace/executeCommand. `done(err, result)` as for M.pick.
function M.run_action(client, bufnr, action, done)
  local finish = reporter(done)
  -- A CodeAction carries a Command; a bare Command is one.
  local command = type(action.command) == 'table' and action.command or action
  if action.edit then
    vim.lsp.util.apply_workspace_edit(action.edit, client.offset_encoding)
  end
  if type(command.command) ~= 'string' then
    return finish(nil, action.title)
  end
  if command.command == 'alama.pick' then
    return M.pick(pick_of(action), client, bufnr, done)
  end
  local handler = vim.lsp.commands[command.command]
  if handler then
    handler(command, { bufnr = bufnr, client_id = client.id })
    return finish(nil, action.title)
  end
  execute(client, bufnr, command.command, command.arguments, function(err, result)
    if result == nil or result == vim.NIL then
      result = action.title
    end
    finish(err, not err and result or nil)
  end)
end

--- Runs the code action at the cursor whose title starts with `prefix`
--- (the preferred one if several do). `done(err, result)` is called at the
--- end (for tests); by default the outcome is shown with vim.notify.
function M.code_action(prefix, done)
  local finish = reporter(done)
  with_actions(nil, finish, function(client, bufnr, actions)
    local chosen
    for _, action in ipairs(actions) do
      if vim.startswith(action.title or '', prefix) then
        if not chosen or (action.isPreferred and not chosen.isPreferred) then
          chosen = action
        end
      end
    end
    if not chosen then
      return finish('no action «' .. prefix .. '…» here')
    end
    M.run_action(client, bufnr, chosen, done)
  end)
end

function M.accept(done)
  M.code_action('Accept «', done)
end

function M.reject(done)
  M.code_action('Reject «', done)
end

--- Tags the last visual selection (`opts.range` true) or the word under the
--- cursor as `type` (PER, GPE…) through the server's code actions there,
--- without asking: "Accept «…» as TYPE" on a suggestion of that type, else
--- one of the server's pick lists of types ("Tag «…» as…", "Accept «…» as
--- another type…", "Change «…» to another type…") run with TYPE; from a
--- server without pick lists, "Tag «…» as TYPE" (or "Change «…» to TYPE").
--- Without `type`, asks for one: the server's pick "Tag «…» as…" when it
--- offers one, else the types of all these actions with vim.ui.select.
--- `done(err, result)` as for M.pick.
function M.tag(type_, opts, done)
  local finish = reporter(done)
  local bufnr = vim.api.nvim_get_current_buf()
  local client = M.client(bufnr)
  local range = client and opts and opts.range and M.selection_range(bufnr, client.offset_encoding)
  with_actions(range or nil, finish, function(client, bufnr, actions)
    -- Each type that an action here sets, with how to set it; and the
    -- server's pick list for a new mention.
    local options, seen, tag_pick = {}, {}, nil
    local function offer(ty, run)
      if not seen[ty] then
        seen[ty] = true
        table.insert(options, { type = ty, run = run })
      end
    end
    for _, action in ipairs(actions) do
      local title = action.title or ''
      local ty = title:match('^Accept «.*» as (%S+)$') or title:match('^Tag «.*» as (%S+)$')
        or title:match('^Change «.*» to (%S+)$')
      local spec = pick_of(action)
      if ty then
        offer(ty, function()
          M.run_action(client, bufnr, action, done)
        end)
      elseif type(spec) == 'table' and spec.field == 'type' and type(spec.choices) == 'table' then
        if vim.startswith(title, 'Tag «') then
          tag_pick = tag_pick or action
        end
        for _, choice in ipairs(spec.choices) do
          offer(choice.value, function()
            run_pick(spec, choice.value, client, bufnr, finish)
          end)
        end
      end
    end
    if type_ and type_ ~= '' then
      for _, option in ipairs(options) do
        if option.type == type_ then
          return option.run()
        end
      end
      return finish(('nothing here can be tagged as %s'):format(type_))
    end
    if tag_pick then
      return M.run_action(client, bufnr, tag_pick, done)
    end
    if not options[1] then
      return finish('nothing here can be tagged')
    end
    vim.ui.select(options, {
      prompt = 'Tag as',
      format_item = function(option)
        return option.type
      end,
    }, function(option)
      if option == nil then
        return finish(nil, nil)
      end
      option.run()
    end)
  end)
end

--- Undoes (`which` 'undo') or redoes ('redo') the last annotation command of
--- this session in the current document: the server commands alama.undo and
--- alama.redo with `{uri}`. A server without them is named as such.
--- `done(err, result)` as for M.pick.
function M.undo(which, done)
  local finish = reporter(done)
  if which ~= 'undo' and which ~= 'redo' then
    return finish('which must be undo or redo, not ' .. tostring(which))
  end
  local bufnr = vim.api.nvim_get_current_buf()
  local client = M.client(bufnr)
  if not client then
    return finish('no alama server attached to this buffer')
  end
  local command = 'alama.' .. which
  execute(client, bufnr, command, { { uri = vim.uri_from_bufnr(bufnr) } }, function(err, result)
    if err and err:find('unknown command', 1, true) then
      err = ('this alama server cannot %s (it has no command %s): update alama'):format(which, command)
    end
    finish(err, result)
  end)
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

-- The default entity types, for the completion of :AlamaTag (a project's
-- annotation.conf may name others; they are typed in full).
local TYPES = {
  'PER', 'ORG', 'GPE', 'LOC', 'FAC', 'NORP', 'EVENT', 'DATE', 'TIME', 'MONEY', 'PERCENT',
  'QUANTITY', 'CARDINAL',
}

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
  -- Code actions such as "Change «…» to another type…" run this command of the client
  -- (from vim.lsp.buf.code_action() too): see M.pick.
  vim.lsp.commands['alama.pick'] = function(command, ctx)
    ctx = ctx or {}
    local bufnr = ctx.bufnr or vim.api.nvim_get_current_buf()
    local client = ctx.client_id and vim.lsp.get_client_by_id(ctx.client_id) or M.client(bufnr)
    M.pick((command.arguments or {})[1], client, bufnr)
  end
  vim.api.nvim_create_user_command('AlamaTag', function(args)
    M.tag(args.fargs[1], { range = args.range > 0 })
  end, {
    nargs = '?',
    range = true,
    complete = function()
      return TYPES
    end,
    desc = 'Alama: tag the selection or the word under the cursor as TYPE (asks without one)',
  })
  vim.api.nvim_create_user_command('AlamaUndo', function()
    M.undo('undo')
  end, { desc = 'Alama: undo the last annotation command of this session in this document' })
  vim.api.nvim_create_user_command('AlamaRedo', function()
    M.undo('redo')
  end, { desc = 'Alama: redo the annotation command last undone in this document' })
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

--- The commands and the highlight links, defined again without harm
--- (plugin/alama.lua, setup() and lsp/alama.lua call it).
function M.define()
  define_commands()
  M.define_highlights()
end

--- The configuration for vim.lsp.config('alama', …) (Neovim 0.11+) made
--- from the setup options; it completes the plugin's lsp/alama.lua.
function M.lsp_config()
  return {
    cmd = M.config.cmd,
    filetypes = M.config.filetypes,
    root_markers = M.config.root_markers,
    root_dir = function(bufnr, on_dir)
      local root = M.find_root(vim.api.nvim_buf_get_name(bufnr))
      if root then
        on_dir(root)
      end
    end,
    capabilities = M.make_capabilities(),
    init_options = settings_object(),
    settings = { alama = settings_object() },
    on_attach = M.on_attach,
  }
end

--- Configures the plugin and attaches to matching buffers, now and later:
--- through vim.lsp.config and vim.lsp.enable on Neovim 0.11 and newer, else
--- through a FileType autocommand that starts (or reuses) the client of the
--- buffer's root.
function M.setup(opts)
  M.config = vim.tbl_extend('force', vim.deepcopy(defaults), opts or {})
  M.define()
  if vim.lsp.config and vim.lsp.enable then
    vim.lsp.config('alama', M.lsp_config())
    vim.lsp.enable('alama')
    return
  end
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
