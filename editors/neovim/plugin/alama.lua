-- The commands (:AlamaAccept, :AlamaReject, :AlamaTag, :AlamaUndo,
-- :AlamaRedo, :AlamaNext, :AlamaPrev, :AlamaReview, :AlamaExport), the
-- client commands alama.pick and alama.setReviewState, and the default
-- colours of the semantic tokens, available before setup() so that they
-- also serve a client started by vim.lsp.enable('alama') (0.11+).
-- The server itself starts only after require('alama').setup() or
-- vim.lsp.enable('alama').
if vim.g.loaded_alama then
  return
end
vim.g.loaded_alama = true
require('alama').define()
