// Package permissions holds the security-level permission catalogue and the vendor permission
// templates, with pure functions over permission maps: validate, fill defaults, diff and render
// the manual UI checklist. It makes no API calls, so everything here works at plan time and with
// no credentials.
package permissions

import (
	"bytes"
	_ "embed"
	"fmt"
	"slices"
	"sync"

	"go.yaml.in/yaml/v3"
)

// Kind is the UI control a setting is shown with.
type Kind string

const (
	KindAccessLevel Kind = "access_level" // CRM company and contact access: all, my_territories, mine, none.
	KindObjectRight Kind = "object_right" // One right (view, add, edit, delete) of an object row.
	KindDropdown    Kind = "dropdown"
	KindCheckBox    Kind = "check_box"
	KindInteger     Kind = "integer"
)

// Rights of an object row, in the order the UI shows its columns.
var rightOrder = []string{"view", "add", "edit", "delete"}

// Value is one allowed value of a setting and the text the UI shows for it.
type Value struct {
	Value string `yaml:"value"`
	Label string `yaml:"label"`
}

// Section is one collapsible section of a security level's General tab.
type Section struct {
	Key   string
	Label string
}

// Setting is one row of the permission matrix: one key with its allowed values.
type Setting struct {
	Key          string
	Section      Section
	Block        string   // The block heading inside the section, such as "Object Permissions".
	Item         string   // The key's item part.
	ItemLabel    string   // The UI label of the item, such as "Tickets".
	Right        string   // view, add, edit or delete for an object row; empty otherwise.
	RightLabel   string   // The UI column heading of the right, such as "View (Query)".
	AliasKeys    []string // Older or newer spellings of the key, refused with a pointer to Key.
	Kind         Kind
	Values       []Value // Allowed values; empty for integers.
	Min, Max     int     // Bounds of an integer setting.
	DefaultValue string
	// CopyValue is the value in a copy of "API User (system) (API-only)", which has full access.
	CopyValue string
	Note      string
}

// Label is the UI label of the setting, with the right for an object row.
func (s Setting) Label() string {
	if s.Right == "" {
		return s.ItemLabel
	}
	return s.ItemLabel + ": " + s.RightLabel
}

// AllowedValues lists the values the setting accepts (nil for integers).
func (s Setting) AllowedValues() []string {
	out := make([]string, len(s.Values))
	for i, v := range s.Values {
		out[i] = v.Value
	}
	return out
}

// DisplayValue is the value as the UI shows it ("All", "Yes", "checked", "10").
func (s Setting) DisplayValue(value string) string {
	for _, v := range s.Values {
		if v.Value == value {
			return v.Label
		}
	}
	return value
}

// Catalog is the set of settings the provider knows, in UI order.
type Catalog struct {
	sections []Section
	settings []Setting
	byKey    map[string]int
	aliases  map[string]string // alias key -> canonical key
}

//go:embed catalog.yaml
var catalogYAML []byte

// Default returns the embedded catalogue. It is parsed once; the embedded data is checked by the
// package tests, so a failure here is a programming error.
var Default = sync.OnceValue(func() *Catalog {
	c, err := parseCatalog(catalogYAML)
	if err != nil {
		panic(fmt.Sprintf("permissions: embedded catalogue: %v", err))
	}
	return c
})

// Sections returns the sections in UI order.
func (c *Catalog) Sections() []Section { return slices.Clone(c.sections) }

// Settings returns every setting in UI order.
func (c *Catalog) Settings() []Setting { return slices.Clone(c.settings) }

// Lookup returns the setting with the canonical key.
func (c *Catalog) Lookup(key string) (Setting, bool) {
	i, ok := c.byKey[key]
	if !ok {
		return Setting{}, false
	}
	return c.settings[i], true
}

// CanonicalKey returns the canonical key for an alias key.
func (c *Catalog) CanonicalKey(alias string) (string, bool) {
	k, ok := c.aliases[alias]
	return k, ok
}

// The YAML layout of catalog.yaml.
type catalogFile struct {
	ValueSets map[string]struct {
		Default string  `yaml:"default"`
		Values  []Value `yaml:"values"`
	} `yaml:"value_sets"`
	Sections []struct {
		Key    string `yaml:"key"`
		Label  string `yaml:"label"`
		Blocks []struct {
			Label string `yaml:"label"`
			Rows  []struct {
				Item        string            `yaml:"item"`
				Label       string            `yaml:"label"`
				Aliases     []string          `yaml:"aliases"`
				Kind        Kind              `yaml:"kind"`
				Values      string            `yaml:"values"`
				Rights      map[string]string `yaml:"rights"`
				RightLabels map[string]string `yaml:"right_labels"`
				Min         int               `yaml:"min"`
				Max         int               `yaml:"max"`
				Default     string            `yaml:"default"`
				CopyValue   string            `yaml:"copy_value"`
				Note        string            `yaml:"note"`
			} `yaml:"rows"`
		} `yaml:"blocks"`
	} `yaml:"sections"`
}

func parseCatalog(data []byte) (*Catalog, error) {
	var f catalogFile
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&f); err != nil {
		return nil, err
	}
	c := &Catalog{byKey: map[string]int{}, aliases: map[string]string{}}
	add := func(s Setting) error {
		if _, dup := c.byKey[s.Key]; dup {
			return fmt.Errorf("duplicate key %q", s.Key)
		}
		if s.Kind != KindInteger && !slices.Contains(s.AllowedValues(), s.DefaultValue) {
			return fmt.Errorf("%s: default %q is not an allowed value", s.Key, s.DefaultValue)
		}
		if err := s.Check(s.CopyValue); err != nil {
			return fmt.Errorf("%s: copy value: %w", s.Key, err)
		}
		c.byKey[s.Key] = len(c.settings)
		c.settings = append(c.settings, s)
		return nil
	}
	for _, sec := range f.Sections {
		section := Section{Key: sec.Key, Label: sec.Label}
		c.sections = append(c.sections, section)
		for _, block := range sec.Blocks {
			for _, row := range block.Rows {
				base := Setting{Section: section, Block: block.Label, Item: row.Item, ItemLabel: row.Label, Note: row.Note}
				copyValue := func(values []Value) string {
					if row.CopyValue != "" {
						return row.CopyValue
					}
					return values[0].Value
				}
				if len(row.Rights) > 0 {
					for right := range row.Rights {
						if !slices.Contains(rightOrder, right) {
							return nil, fmt.Errorf("%s.%s: unknown right %q", sec.Key, row.Item, right)
						}
					}
					for _, right := range rightOrder {
						setName, ok := row.Rights[right]
						if !ok {
							continue
						}
						set, ok := f.ValueSets[setName]
						if !ok {
							return nil, fmt.Errorf("%s.%s.%s: unknown value set %q", sec.Key, row.Item, right, setName)
						}
						s := base
						s.Key = sec.Key + "." + row.Item + "." + right
						s.Right = right
						s.RightLabel = row.RightLabels[right]
						if s.RightLabel == "" {
							s.RightLabel = upperFirst(right)
						}
						s.Kind = KindObjectRight
						s.Values = set.Values
						s.DefaultValue = set.Default
						s.CopyValue = copyValue(set.Values)
						for _, a := range row.Aliases {
							s.AliasKeys = append(s.AliasKeys, sec.Key+"."+a+"."+right)
						}
						if err := add(s); err != nil {
							return nil, err
						}
					}
					continue
				}
				s := base
				s.Key = sec.Key + "." + row.Item
				s.Kind = row.Kind
				for _, a := range row.Aliases {
					s.AliasKeys = append(s.AliasKeys, sec.Key+"."+a)
				}
				switch row.Kind {
				case KindInteger:
					if row.Min > row.Max {
						return nil, fmt.Errorf("%s: min %d above max %d", s.Key, row.Min, row.Max)
					}
					s.Min, s.Max, s.DefaultValue = row.Min, row.Max, row.Default
					s.CopyValue = s.DefaultValue
					if err := checkInteger(s, s.DefaultValue); err != nil {
						return nil, fmt.Errorf("%s: default: %w", s.Key, err)
					}
				case KindAccessLevel, KindDropdown, KindCheckBox:
					set, ok := f.ValueSets[row.Values]
					if !ok {
						return nil, fmt.Errorf("%s: unknown value set %q", s.Key, row.Values)
					}
					s.Values = set.Values
					s.DefaultValue = set.Default
					if row.Default != "" {
						s.DefaultValue = row.Default
					}
					s.CopyValue = copyValue(set.Values)
				default:
					return nil, fmt.Errorf("%s: unknown kind %q", s.Key, row.Kind)
				}
				if err := add(s); err != nil {
					return nil, err
				}
			}
		}
	}
	for _, s := range c.settings {
		for _, a := range s.AliasKeys {
			if _, clash := c.byKey[a]; clash {
				return nil, fmt.Errorf("alias %q of %q is also a key", a, s.Key)
			}
			if other, dup := c.aliases[a]; dup {
				return nil, fmt.Errorf("alias %q names both %q and %q", a, other, s.Key)
			}
			c.aliases[a] = s.Key
		}
	}
	return c, nil
}

func upperFirst(s string) string {
	if s == "" {
		return s
	}
	return string(s[0]-'a'+'A') + s[1:]
}
