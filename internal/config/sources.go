package config

import (
	"flag"
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"time"
)

// field is one leaf of the Config tree with its key names.
type field struct {
	key  string // dotted YAML path, used in messages
	env  string
	flag string
	help string
	v    reflect.Value
}

func fields(c *Config) []field {
	var out []field
	var walk func(prefix string, v reflect.Value)
	walk = func(prefix string, v reflect.Value) {
		t := v.Type()
		for i := range t.NumField() {
			sf := t.Field(i)
			key := sf.Tag.Get("yaml")
			if prefix != "" {
				key = prefix + "." + key
			}
			fv := v.Field(i)
			if sf.Type.Kind() == reflect.Struct {
				walk(key, fv)
				continue
			}
			out = append(out, field{key: key, env: sf.Tag.Get("env"), flag: sf.Tag.Get("flag"), help: sf.Tag.Get("help"), v: fv})
		}
	}
	walk("", reflect.ValueOf(c).Elem())
	return out
}

// set parses s into the field's type.
func (f field) set(s string) error {
	switch f.v.Interface().(type) {
	case string:
		f.v.SetString(s)
	case bool:
		b, err := strconv.ParseBool(s)
		if err != nil {
			return fmt.Errorf("%q is not true or false", s)
		}
		f.v.SetBool(b)
	case int:
		n, err := strconv.Atoi(s)
		if err != nil {
			return fmt.Errorf("%q is not a whole number", s)
		}
		f.v.SetInt(int64(n))
	case time.Duration:
		d, err := time.ParseDuration(s)
		if err != nil {
			return fmt.Errorf("%q is not a duration like 90s or 48h", s)
		}
		f.v.SetInt(int64(d))
	case []string:
		var list []string
		for _, p := range strings.Split(s, ",") {
			if p = strings.TrimSpace(p); p != "" {
				list = append(list, p)
			}
		}
		f.v.Set(reflect.ValueOf(list))
	default:
		return fmt.Errorf("unsupported type %s", f.v.Type())
	}
	return nil
}

func (f field) String() string {
	switch x := f.v.Interface().(type) {
	case []string:
		return strings.Join(x, ",")
	default:
		return fmt.Sprint(x)
	}
}

// ApplyEnv sets every field whose ONAIR_* variable is present in env.
func (c *Config) ApplyEnv(lookup func(string) (string, bool)) error {
	for _, f := range fields(c) {
		if f.env == "" {
			continue
		}
		if s, ok := lookup(f.env); ok {
			if err := f.set(s); err != nil {
				return fmt.Errorf("%s (%s): %w", f.env, f.key, err)
			}
		}
	}
	return nil
}

// flagValue adapts a field to flag.Value; Set writes into the target Config
// only after Parse, so defaults < file < env < flags holds.
type flagValue struct {
	f       field
	pending *[]func() error
	raw     string
}

func (fv *flagValue) String() string { return fv.raw }
func (fv *flagValue) Set(s string) error {
	fv.raw = s
	f := fv.f
	*fv.pending = append(*fv.pending, func() error {
		if err := f.set(s); err != nil {
			return fmt.Errorf("-%s (%s): %w", f.flag, f.key, err)
		}
		return nil
	})
	return nil
}
func (fv *flagValue) IsBoolFlag() bool { _, ok := fv.f.v.Interface().(bool); return ok }

// Flags registers one flag per config field on fs. Call the returned function
// after the file and environment are applied to overlay the parsed flags.
func (c *Config) Flags(fs *flag.FlagSet) (apply func() error) {
	var pending []func() error
	for _, f := range fields(c) {
		if f.flag == "" {
			continue
		}
		help := f.help
		if f.env != "" {
			help += " (env " + f.env + ")"
		}
		fs.Var(&flagValue{f: f, pending: &pending, raw: f.String()}, f.flag, help)
	}
	return func() error {
		for _, p := range pending {
			if err := p(); err != nil {
				return err
			}
		}
		return nil
	}
}

// Reference lists every key with its environment variable, flag, default and
// meaning, for the README and `onair config`.
func Reference() string {
	c := Default()
	var b strings.Builder
	b.WriteString("| key | env | flag | default | meaning |\n|---|---|---|---|---|\n")
	for _, f := range fields(&c) {
		fmt.Fprintf(&b, "| `%s` | `%s` | `--%s` | `%s` | %s |\n", f.key, f.env, f.flag, f.String(), f.help)
	}
	return b.String()
}
