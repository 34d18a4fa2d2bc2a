//go:build js

package i18n

import "embed"

// files are the catalogues a WebAssembly build carries: English only. The
// page and the Worker word every message in the reader's language from
// the catalogues the site serves (i18n/*.json); Go words only the English
// sentence beside it, so the other languages would be dead weight in the
// module the page downloads.
//
//go:embed en.json
var files embed.FS
