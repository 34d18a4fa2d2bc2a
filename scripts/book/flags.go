package main

import (
	"flag"
	"fmt"
	"strings"

	"scratchnet/core"
	"scratchnet/core/i18n"
	"scratchnet/wasm/session"
)

// settingFlag is a flag.Value for one setting of a Config.
type settingFlag struct {
	s core.Setting
	c *core.Config
}

func (f settingFlag) String() string {
	if f.c == nil {
		return ""
	}
	return fmt.Sprint(f.s.Get(f.c))
}

func (f settingFlag) Set(text string) error {
	if fes := core.FieldErrors(f.s.Parse(f.c, text)); len(fes) > 0 {
		return session.Describe(fes[0])
	}
	return nil
}

// IsBoolFlag lets -shuffle stand for -shuffle=true.
func (f settingFlag) IsBoolFlag() bool { return f.s.Kind == core.KindBool }

// addFlags defines one flag per setting of core.Schema on fs, named as the
// setting, that sets c's field (checked by the setting's kind and range).
func addFlags(fs *flag.FlagSet, c *core.Config) {
	en := i18n.Catalogue("en")
	for _, s := range core.Schema {
		help := en["setting."+s.Name+".label"] + ": " + en["setting."+s.Name+".help"]
		if s.Kind == core.KindChoice {
			help += " (" + strings.Join(s.Options, ", ") + ")"
		}
		fs.Var(settingFlag{s, c}, s.Name, help)
	}
}
