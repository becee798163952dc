-- The Neovim plugin in a real (headless) Neovim against `alama serve`.
-- Run by tests/neovim/run.sh as
--   nvim --headless -u NONE --cmd 'set rtp+=editors/neovim' -c 'luafile tests/neovim/test.lua'
-- with ALAMA_BIN (the server binary) and ALAMA_CORPUS (a copy of seeds/
-- with an empty .alama/ folder) in the environment. Exits 0 when every
-- check passed, else prints what failed and exits 1 (cquit).
local corpus = assert(os.getenv('ALAMA_CORPUS'), 'ALAMA_CORPUS is not set')
local bin = assert(os.getenv('ALAMA_BIN'), 'ALAMA_BIN is not set')
local DOC = '000_fa838d974829c45c'
local TIMEOUT = 15000

local failures = {}
local function say(msg)
  io.stdout:write(msg .. '\n')
end
local function check(ok, what)
  if ok then
    say('ok: ' .. what)
  else
    say('FAILED: ' .. what)
    table.insert(failures, what)
  end
  return ok
end
local function finish()
  if #failures == 0 then
    say('neovim: all checks passed')
    vim.cmd('qall!')
  else
    say(('neovim: %d check(s) failed: %s'):format(#failures, table.concat(failures, '; ')))
    vim.cmd('cquit 1')
  end
end
-- Anything that raises counts as a failure too.
local function run(body)
  local ok, err = xpcall(body, debug.traceback)
  if not ok then
    check(false, 'no error: ' .. tostring(err))
  end
  finish()
end
local function read(path)
  local f = io.open(path, 'r')
  if not f then
    return nil
  end
  local text = f:read('*a')
  f:close()
  return text
end

run(function()
  vim.cmd('filetype on')
  local alama = require('alama')
  -- A setting passed through (initializationOptions): suggestions as warnings.
  alama.setup({ cmd = { bin, 'serve' }, settings = { suggestionSeverity = 'warning' } })

  -- Root discovery from the markers.
  check(alama.find_root(corpus .. '/' .. DOC .. '.txt') == corpus, 'the root is the folder with .alama/')
  check(alama.find_root('/') == nil, 'no root above /')

  vim.cmd('edit ' .. vim.fn.fnameescape(corpus .. '/' .. DOC .. '.txt'))
  local bufnr = vim.api.nvim_get_current_buf()
  check(vim.bo.filetype == 'text', 'the article has filetype text')
  if not check(vim.wait(TIMEOUT, function()
    return alama.client(bufnr) ~= nil and alama.client(bufnr).initialized
  end, 20), 'the server starts and attaches') then
    return
  end

  -- A second article of the same root reuses the client.
  local client = alama.client(bufnr)
  vim.cmd('edit ' .. vim.fn.fnameescape(corpus .. '/001_3c9b909a0e592931.txt'))
  -- (vim.lsp.enable, 0.11+, attaches on the next turn of the event loop.)
  vim.wait(TIMEOUT, function()
    return alama.client(0) ~= nil
  end, 20)
  check(alama.client(0) ~= nil and alama.client(0).id == client.id, 'one client per root')
  vim.cmd('buffer ' .. bufnr)

  -- Suggestions are hints: no virtual text nor sign for them.
  local quiet = vim.diagnostic.config(nil, vim.lsp.diagnostic.get_namespace(client.id))
  check(
    type(quiet.virtual_text) == 'table'
      and quiet.virtual_text.severity.min == vim.diagnostic.severity.WARN
      and quiet.signs.severity.min == vim.diagnostic.severity.WARN,
    'virtual text and signs only for warnings and errors: ' .. vim.inspect(quiet.virtual_text)
  )

  -- Diagnostics from source "alama"; the first واشنطن is a GPE suggestion.
  local washington
  vim.wait(TIMEOUT, function()
    for _, d in ipairs(vim.diagnostic.get(bufnr)) do
      if d.source == 'alama' and d.message == 'GPE · واشنطن (Washington) — lexicon' then
        if not washington or d.lnum < washington.lnum
          or (d.lnum == washington.lnum and d.col < washington.col) then
          washington = d
        end
      end
    end
    return washington ~= nil
  end, 20)
  if not check(washington ~= nil, 'a diagnostic «GPE · واشنطن (Washington) — lexicon» from alama') then
    say('diagnostics: ' .. vim.inspect(vim.tbl_map(function(d)
      return d.message
    end, vim.diagnostic.get(bufnr))))
    return
  end
  local line = vim.api.nvim_buf_get_lines(bufnr, washington.lnum, washington.lnum + 1, false)[1]
  check(line:sub(washington.col + 1, washington.end_col) == 'واشنطن', 'the diagnostic covers واشنطن')
  check(washington.severity == vim.diagnostic.severity.WARN, 'a suggestion is a Warning (settings.suggestionSeverity)')

  -- Hover at the diagnostic's start.
  vim.api.nvim_win_set_cursor(0, { washington.lnum + 1, washington.col })
  local params = vim.lsp.util.make_position_params(0, client.offset_encoding)
  local responses = vim.lsp.buf_request_sync(bufnr, 'textDocument/hover', params, TIMEOUT) or {}
  local card
  for _, response in pairs(responses) do
    if response.result and response.result.contents then
      card = response.result.contents.value
    end
  end
  if check(card ~= nil, 'a hover card') then
    check(vim.startswith(card, '**GPE** · suggestion · lexicon'), 'the card starts with its type: ' .. vim.split(card, '\n')[1])
    check(card:find('| ar | en |', 1, true) ~= nil, 'the card has a column per language')
    check(card:find('| واشنطن | Washington |', 1, true) ~= nil, 'the card has the Arabic and English names')
  end
  local K = vim.fn.maparg('K', 'n', false, true)
  check(K.buffer == 1, 'K is mapped in the buffer')

  -- :AlamaAccept at the same place writes the .ann file.
  local ann = corpus .. '/' .. DOC .. '.ann'
  check(read(ann) == nil, 'no .ann before accepting')
  local message
  local notify = vim.notify
  vim.notify = function(msg)
    message = msg
  end
  vim.cmd('AlamaAccept')
  local expected = 'T1\tGPE 21 27\tواشنطن\nN1\tReference T1 geonames:4140963\tWashington\n'
  -- The server writes the file, then answers with a summary.
  vim.wait(TIMEOUT, function()
    return read(ann) == expected and message ~= nil
  end, 20)
  vim.notify = notify
  if not check(read(ann) == expected, ':AlamaAccept writes T1\tGPE 21 27\tواشنطن to the .ann') then
    say('.ann: ' .. vim.inspect(read(ann)))
  end
  check(message == 'alama: Accepted واشنطن as GPE', ':AlamaAccept reports the result: ' .. tostring(message))

  -- The diagnostic becomes a confirmed annotation (Hint).
  check(vim.wait(TIMEOUT, function()
    for _, d in ipairs(vim.diagnostic.get(bufnr)) do
      if d.lnum == washington.lnum and d.col == washington.col
        and d.message == 'GPE · واشنطن (Washington) — confirmed' then
        return d.severity == vim.diagnostic.severity.HINT
      end
    end
    return false
  end, 20), 'the accepted mention is a confirmed Hint')

  -- :AlamaNext moves the cursor to the first suggestion after it (the
  -- accepted واشنطن is passed over), and past the last one back to the
  -- first; :AlamaPrev from the first suggestion wraps around to the last.
  -- The places expected are those of the suggestions' diagnostics.
  local suggested = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    if d.source == 'alama' and not vim.endswith(d.message, ' — confirmed') then
      table.insert(suggested, { d.lnum + 1, d.col })
    end
  end
  local function before(a, b)
    return a[1] < b[1] or (a[1] == b[1] and a[2] < b[2])
  end
  table.sort(suggested, before)
  local function move(command, from, expected)
    vim.api.nvim_win_set_cursor(0, from)
    vim.cmd(command)
    local moved = vim.wait(TIMEOUT, function()
      local at = vim.api.nvim_win_get_cursor(0)
      return at[1] == expected[1] and at[2] == expected[2]
    end, 20)
    check(moved, (':%s from %s goes to %s (the cursor is at %s)'):format(command,
      vim.inspect(from), vim.inspect(expected), vim.inspect(vim.api.nvim_win_get_cursor(0))))
  end
  if check(#suggested > 2, ('suggestions are left (%d)'):format(#suggested)) then
    local accepted = { washington.lnum + 1, washington.col }
    local next_one
    for _, place in ipairs(suggested) do
      if before(accepted, place) then
        next_one = place
        break
      end
    end
    move('AlamaNext', accepted, next_one)
    move('AlamaNext', suggested[#suggested], suggested[1])
    move('AlamaPrev', suggested[1], suggested[#suggested])
    move('AlamaPrev', suggested[3], suggested[2])
  end

  -- :AlamaReview done records the document's state in .alama/status.tsv;
  -- an unknown state is refused.
  local reviewed
  alama.review('done', function(err, result)
    reviewed = { err = err, result = result }
  end)
  vim.wait(TIMEOUT, function()
    return reviewed ~= nil
  end, 20)
  reviewed = reviewed or { err = 'no answer' }
  check(reviewed.err == nil and type(reviewed.result) == 'string'
    and reviewed.result:find(' is done$') ~= nil,
    ':AlamaReview done succeeds: ' .. vim.inspect(reviewed))
  local status = vim.fn.readfile(corpus .. '/.alama/status.tsv')
  local name = vim.fn.fnamemodify(vim.api.nvim_buf_get_name(0), ':t')
  check(#status == 2 and vim.startswith(status[2], name .. '\tdone\t'),
    'status.tsv holds the document as done: ' .. vim.inspect(status))
  -- The code lenses name the counts and the state; the lens "Set review
  -- state…" runs the plugin's client command, which asks (here, a stub of
  -- vim.ui.select picks in-progress) and sets the state.
  local function lens_titles()
    vim.lsp.codelens.refresh()
    local titles
    vim.wait(TIMEOUT, function()
      titles = vim.tbl_map(function(lens)
        return lens.command and lens.command.title
      end, vim.lsp.codelens.get(bufnr))
      return #titles > 0
    end, 20)
    return titles
  end
  local titles = lens_titles()
  check(#titles == 3 and titles[1] == ('1 confirmed · %d suggestions · done'):format(#suggested)
    and titles[2] == 'Accept all suggestions' and titles[3] == 'Set review state…',
    'the code lenses: ' .. vim.inspect(titles))
  local ui_select, notify = vim.ui.select, vim.notify
  local told
  vim.ui.select = function(items, _, choose)
    choose(items[2])
  end
  vim.notify = function(msg)
    told = msg
  end
  vim.lsp.commands['alama.setReviewState']({ command = 'alama.setReviewState' }, { bufnr = bufnr })
  vim.ui.select = ui_select
  check(vim.wait(TIMEOUT, function()
    local lines = vim.fn.readfile(corpus .. '/.alama/status.tsv')
    return told ~= nil and lines[2] ~= nil and vim.startswith(lines[2], name .. '\tin-progress\t')
  end, 20), 'the lens command sets the state picked: ' .. tostring(told))
  vim.notify = notify
  check(vim.wait(TIMEOUT, function()
    titles = lens_titles()
    return titles[1] ~= nil and vim.endswith(titles[1], ' · in progress')
  end, 100), 'the lens shows the new state: ' .. vim.inspect(titles))

  local refused
  alama.review('finished', function(err)
    refused = err
  end)
  check(type(refused) == 'string' and refused:find('usage: :AlamaReview', 1, true) ~= nil,
    'an unknown state is refused: ' .. vim.inspect(refused))

  -- :AlamaExport jsonl-suggestions writes corpus.jsonl with one line per
  -- document; into the corpus itself, it is refused and writes nothing.
  local function export(format, dir)
    local exported
    alama.export(format, dir, function(ok, msg)
      exported = { ok = ok, msg = msg }
    end)
    vim.wait(TIMEOUT, function()
      return exported ~= nil
    end, 20)
    return exported or { ok = false, msg = 'no answer' }
  end
  local out = vim.fn.tempname()
  local exported = export('jsonl-suggestions', out)
  if check(exported.ok, ':AlamaExport jsonl-suggestions succeeds: ' .. vim.inspect(exported)) then
    local lines = vim.fn.readfile(out .. '/corpus.jsonl')
    local txt = vim.fn.glob(corpus .. '/*.txt', true, true)
    check(#lines == #txt, ('corpus.jsonl has one line per document (%d, %d)'):format(#lines, #txt))
  end
  local refused = export('conll', corpus)
  check(not refused.ok and refused.msg:find('refusing --out', 1, true) ~= nil,
    ':AlamaExport into the corpus is refused: ' .. vim.inspect(refused))
  check(vim.fn.filereadable(corpus .. '/corpus.conll') == 0, 'nothing is written into the corpus')

  -- Tagging, picking, undo: each writes (or unwrites) a line of the .ann.
  -- (Client methods: client:request() from 0.11, client.request() before.)
  local modern = vim.fn.has('nvim-0.11') == 1
  local function ann_has(pattern)
    for _, l in ipairs(vim.split(read(ann) or '', '\n')) do
      if l:match(pattern) then
        return true
      end
    end
    return false
  end
  local function wait_ann(pattern, present)
    return vim.wait(TIMEOUT, function()
      return ann_has(pattern) == (present ~= false)
    end, 20)
  end
  -- Puts the cursor on the first byte of `word` + `into` bytes.
  local function cursor_on(word, into)
    local text = vim.api.nvim_buf_get_lines(bufnr, 0, 1, false)[1]
    local at = assert(text:find(word, 1, true), 'no ' .. word .. ' in the document')
    vim.api.nvim_win_set_cursor(0, { 1, at - 1 + (into or 0) })
    return at - 1
  end
  -- A stub of vim.ui.select that picks the item shown as `wanted` and
  -- keeps what it was asked.
  -- Given several, it picks them in turn, one a call (`asked` is the last
  -- call's).
  local asked
  local function choose(...)
    local wanted = { ... }
    asked = nil
    vim.ui.select = function(items, opts, on_choice)
      local shown = vim.tbl_map(function(item)
        return opts.format_item and opts.format_item(item) or tostring(item)
      end, items)
      asked = { prompt = opts.prompt, shown = shown, items = items }
      local want = table.remove(wanted, 1)
      for i, text in ipairs(shown) do
        if text == want then
          return on_choice(items[i], i)
        end
      end
      on_choice(nil, nil)
    end
  end
  local told = {}
  vim.notify = function(msg, level)
    table.insert(told, { msg = msg, level = level })
  end

  -- The client declares that it runs alama.pick.
  local capabilities = client.capabilities or client.config.capabilities or {}
  check(vim.tbl_get and vim.tbl_get(capabilities, 'experimental', 'alama', 'pick') == true
    or (capabilities.experimental and capabilities.experimental.alama
      and capabilities.experimental.alama.pick == true),
    'the client capabilities hold experimental.alama.pick = true')
  check(type(vim.lsp.commands['alama.pick']) == 'function', 'the client command alama.pick is registered')

  -- :AlamaTag PER with the cursor inside a word no one suggested.
  cursor_on('مسؤول', 2)
  vim.cmd('AlamaTag PER')
  check(wait_ann('^T%d+\tPER 244 249\tمسؤول$'), ':AlamaTag PER writes T… PER 244 249 مسؤول to the .ann')

  -- :'<,'>AlamaTag ORG tags the visual selection (here marks set by hand).
  local first = cursor_on('الجماعات المسلحة')
  vim.api.nvim_buf_set_mark(bufnr, '<', 1, first, {})
  -- '> is on the first byte of the last letter (a two-byte letter).
  vim.api.nvim_buf_set_mark(bufnr, '>', 1, first + #'الجماعات المسلحة' - 2, {})
  vim.cmd("'<,'>AlamaTag ORG")
  check(wait_ann('^T%d+\tORG 84 100\tالجماعات المسلحة$'),
    ":'<,'>AlamaTag ORG writes T… ORG 84 100 الجماعات المسلحة to the .ann")

  -- :AlamaTag without a type asks which (the stub picks NORP).
  cursor_on('التعامل')
  choose('NORP')
  vim.cmd('AlamaTag')
  check(wait_ann('^T%d+\tNORP 73 80\tالتعامل$'), ':AlamaTag asks for a type and writes T… NORP 73 80 التعامل')
  -- The server's pick list "Tag «التعامل» as…" (the client declares pick).
  check(asked ~= nil and asked.prompt == 'Choose the type'
    and table.concat(asked.shown, ' ') == 'PER ORG GPE LOC FAC NORP EVENT DATE TIME MONEY PERCENT QUANTITY CARDINAL',
    ":AlamaTag shows the server's pick list of types: " .. vim.inspect(asked))

  -- alama.pick, run as a code action would run it, with an argument of the
  -- protocol: the item shown is "label — description", and the command
  -- runs with the argument and the choice as its field.
  local start = vim.fn.strchars(vim.api.nvim_buf_get_lines(bufnr, 0, 1, false)[1]:sub(1, cursor_on('إدارة')))
  check(start == 253, 'إدارة starts at 253: ' .. start)
  choose('ORG — organisation')
  vim.lsp.commands['alama.pick']({
    title = 'Tag «إدارة» as…',
    command = 'alama.pick',
    arguments = { {
      prompt = 'Tag «إدارة» as',
      field = 'type',
      choices = {
        { label = 'PER', description = 'person', value = 'PER' },
        { label = 'ORG', description = 'organisation', value = 'ORG' },
        { label = 'GPE', value = 'GPE' },
      },
      command = 'alama.annotate',
      argument = { uri = vim.uri_from_bufnr(bufnr), start = 253, ['end'] = 258, text = 'إدارة' },
    } },
  }, { bufnr = bufnr, client_id = client.id })
  check(wait_ann('^T%d+\tORG 253 258\tإدارة$'), 'alama.pick runs alama.annotate with the type picked: T… ORG 253 258 إدارة')
  check(vim.wait(TIMEOUT, function()
    return #told > 0 and told[#told].msg == 'alama: Accepted إدارة as ORG'
  end, 20), "alama.pick notifies the server's answer: " .. vim.inspect(told))
  check(asked ~= nil and asked.prompt == 'Tag «إدارة» as'
    and table.concat(asked.shown, '|') == 'PER — person|ORG — organisation|GPE',
    'alama.pick shows the prompt and "label — description": ' .. vim.inspect(asked))
  -- Nothing picked: nothing runs, nothing is said.
  told = {}
  choose('nothing of the sort')
  local cancelled
  alama.pick({ prompt = 'p', field = 'type', choices = { { label = 'PER', value = 'PER' } },
    command = 'alama.annotate', argument = {} }, client, bufnr, function(err, result)
    cancelled = { err = err, result = result }
  end)
  check(cancelled ~= nil and cancelled.err == nil and cancelled.result == nil and #told == 0,
    'a pick left without a choice does nothing: ' .. vim.inspect(cancelled))

  -- :AlamaUndo and :AlamaRedo: the server's alama.undo and alama.redo
  -- revert the last command (the pick of إدارة) and do it again.
  local provider = client.server_capabilities.executeCommandProvider or {}
  check(vim.tbl_contains(provider.commands or {}, 'alama.undo'), 'the server offers alama.undo')
  local function answered(message)
    return vim.wait(TIMEOUT, function()
      return #told > 0 and told[#told].msg == message
    end, 20)
  end
  told = {}
  vim.cmd('AlamaUndo')
  check(wait_ann('^T%d+\tORG 253 258\tإدارة$', false), ':AlamaUndo removes the last annotation from the .ann')
  check(answered('alama: Undid: Accepted إدارة as ORG'), ':AlamaUndo tells what it undid: ' .. vim.inspect(told))
  vim.cmd('AlamaRedo')
  check(wait_ann('^T%d+\tORG 253 258\tإدارة$'), ':AlamaRedo writes it again')
  check(answered('alama: Redid: Accepted إدارة as ORG'), ':AlamaRedo tells what it redid: ' .. vim.inspect(told))
  -- A server without alama.undo (here a request renamed on its way to one
  -- the server does not know) is reported plainly.
  local request = client.request
  client.request = function(...)
    local args = { ... }
    local method = select(modern and 2 or 1, ...)
    local params = select(modern and 3 or 2, ...)
    if method == 'workspace/executeCommand' and params.command == 'alama.undo' then
      args[modern and 3 or 2] = { command = 'alama.unknownUndo', arguments = params.arguments }
    end
    return request(unpack(args, 1, select('#', ...)))
  end
  told = {}
  vim.cmd('AlamaUndo')
  vim.wait(TIMEOUT, function()
    return #told > 0
  end, 20)
  client.request = request
  check(#told == 1 and told[1].msg == 'alama: this alama server cannot undo (it has no command alama.undo): update alama'
    and told[1].level == vim.log.levels.WARN,
    ':AlamaUndo on a server without alama.undo says so: ' .. vim.inspect(told))
  check(ann_has('^T%d+\tORG 253 258\tإدارة$'), 'and undoes nothing')

  -- The server's pick actions through Neovim's own code action menu: on
  -- the confirmed مسؤول (PER), "Change «مسؤول» to another type…" then ORG.
  cursor_on('مسؤول')
  choose('Change «مسؤول» to another type…', 'ORG')
  vim.lsp.buf.code_action()
  check(wait_ann('^T%d+\tORG 244 249\tمسؤول$') and not ann_has('\tPER 244 249\t'),
    'the code action "Change «مسؤول» to another type…" and the pick ORG retype it in the .ann')
  check(asked ~= nil and asked.prompt == 'Change to' and vim.tbl_contains(asked.shown, 'GPE')
    and not vim.tbl_contains(asked.shown, 'PER'),
    'the pick list "Change to" holds the other types: ' .. vim.inspect(asked))

  -- :AlamaTag PER on a suggestion of another type: the server's pick
  -- "Accept «…» as another type…" run with PER, without asking.
  local other
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    if d.lnum == 0 and vim.startswith(d.message, 'GPE · ') and not vim.endswith(d.message, ' — confirmed')
      and (not other or d.col < other.col) then
      other = d
    end
  end
  if check(other ~= nil, 'a GPE suggestion is left') then
    local text = vim.api.nvim_buf_get_lines(bufnr, 0, 1, false)[1]
    local from = vim.fn.strchars(text:sub(1, other.col))
    local name = text:sub(other.col + 1, other.end_col)
    vim.api.nvim_win_set_cursor(0, { 1, other.col })
    choose()
    vim.cmd('AlamaTag PER')
    check(wait_ann(('^T%%d+\tPER %d %d\t%s$'):format(from, from + vim.fn.strchars(name), vim.pesc(name))),
      (':AlamaTag PER on the GPE suggestion %s accepts it as PER'):format(name))
    check(asked == nil, ':AlamaTag PER asks nothing')
  end
  -- :AlamaTag without a type on a suggestion: its type first, then the
  -- others of the pick "Accept «…» as another type…" (the stub picks LOC).
  -- Another name than the one accepted as PER, whose other mentions are
  -- now suggested as PER.
  local gpe
  local first_line = vim.api.nvim_buf_get_lines(bufnr, 0, 1, false)[1]
  local function name_of(d)
    return first_line:sub(d.col + 1, d.end_col)
  end
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    if d.lnum == 0 and vim.startswith(d.message, 'GPE · ') and not vim.endswith(d.message, ' — confirmed')
      and (not other or name_of(d) ~= name_of(other)) and (not gpe or d.col < gpe.col) then
      gpe = d
    end
  end
  if check(gpe ~= nil, 'another GPE suggestion is left') then
    local text = vim.api.nvim_buf_get_lines(bufnr, 0, 1, false)[1]
    local from = vim.fn.strchars(text:sub(1, gpe.col))
    local name = text:sub(gpe.col + 1, gpe.end_col)
    vim.api.nvim_win_set_cursor(0, { 1, gpe.col })
    choose('LOC')
    vim.cmd('AlamaTag')
    check(wait_ann(('^T%%d+\tLOC %d %d\t%s$'):format(from, from + vim.fn.strchars(name), vim.pesc(name))),
      (':AlamaTag on the GPE suggestion %s, LOC picked, tags it LOC'):format(name))
    check(asked ~= nil and asked.prompt == 'Tag as' and #asked.shown == 13 and asked.shown[1] == 'GPE'
      and asked.shown[2] == 'PER', ':AlamaTag offers the suggested type first: ' .. vim.inspect(asked))
  end
  vim.ui.select = ui_select

  -- :checkhealth alama reports the binary and the client as OK.
  vim.cmd('checkhealth alama')
  local report = table.concat(vim.api.nvim_buf_get_lines(0, 0, -1, false), '\n')
  if not check(report:find(vim.pesc('`' .. bin .. ' --version`: alama ') .. '%d+%.%d+') ~= nil,
    ':checkhealth alama reports the binary') then
    say(report)
  end
  check(report:find('client %d+ attached; server alama %d+%.%d+') ~= nil, ':checkhealth alama reports the client and the server version')
  check(report:find(vim.pesc(corpus .. ' is a corpus (it holds .alama, *.ann)')) ~= nil,
    ':checkhealth alama finds the corpus')
  check(not report:find('ERROR') and not report:find('WARN'), ':checkhealth alama has no error or warning')
  vim.cmd('tabclose')
  check(vim.api.nvim_get_current_buf() == bufnr, 'back in the article')

  -- Colours of the semantic tokens (Neovim 0.9+), which yield to a
  -- definition of the user's; inlay hints (0.10+).
  if vim.lsp.semantic_tokens and vim.api.nvim_get_hl then
    local function hl(name)
      return vim.api.nvim_get_hl(0, { name = name })
    end
    check(hl('@lsp.type.alamaPer').link == 'Identifier' and hl('@lsp.type.alamaGpe').link == 'Constant'
      and hl('@lsp.type.alamaCardinal').link == 'Number',
      'the semantic token types link to highlight groups: ' .. vim.inspect(hl('@lsp.type.alamaPer')))
    local linked = 0
    for token, group in pairs(alama.highlights) do
      linked = linked + (hl('@lsp.type.' .. token).link == group and 1 or 0)
    end
    check(linked == 13, ('13 token types are linked (%d)'):format(linked))
    vim.api.nvim_set_hl(0, '@lsp.type.alamaOrg', { fg = '#ff0000' })
    alama.define_highlights()
    check(hl('@lsp.type.alamaOrg').link == nil and hl('@lsp.type.alamaOrg').fg == 0xff0000,
      "the links are defaults: the user's colour stays")
    if vim.lsp.semantic_tokens.get_at_pos then
      -- The word changed to ORG is a token of type alamaOrg.
      cursor_on('مسؤول')
      local at = vim.api.nvim_win_get_cursor(0)
      check(vim.wait(TIMEOUT, function()
        for _, token in ipairs(vim.lsp.semantic_tokens.get_at_pos(bufnr, at[1] - 1, at[2]) or {}) do
          if token.type == 'alamaOrg' then
            return true
          end
        end
        return false
      end, 50), 'مسؤول is a semantic token of type alamaOrg')
    end
  else
    say('skipped: highlight links (no semantic tokens before Neovim 0.9)')
  end
  if vim.lsp.inlay_hint and vim.lsp.inlay_hint.get then
    local labels
    check(vim.wait(TIMEOUT, function()
      labels = vim.tbl_map(function(h)
        local label = h.inlay_hint.label
        return type(label) == 'table' and label[1].value or label
      end, vim.lsp.inlay_hint.get({ bufnr = bufnr }))
      return table.concat(labels, '\n'):find('مسؤول: ORG', 1, true) ~= nil
    end, 50), 'inlay hints are shown, «مسؤول: ORG» among them: ' .. vim.inspect(labels))
  else
    say('skipped: inlay hints (from Neovim 0.10)')
  end
  vim.notify = notify

  -- No error or deprecation message from Neovim or the plugin.
  local messages = vim.api.nvim_exec('messages', true)
  check(not messages:find('[Ee]rror') and not messages:find('deprecated'),
    'no error or deprecation in :messages: ' .. messages)

  -- Shut the server down cleanly (client:stop() from 0.11, client.stop() before).
  if modern then
    client:stop()
  else
    client.stop()
  end
  check(vim.wait(TIMEOUT, function()
    if modern then
      return client:is_stopped()
    end
    return client.is_stopped()
  end, 20), 'the server stops')
end)
