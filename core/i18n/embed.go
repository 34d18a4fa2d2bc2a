//go:build !js

package i18n

import "embed"

// files are the catalogues: every language.
//
//go:embed *.json
var files embed.FS
