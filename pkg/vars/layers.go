package vars

// Layers are the places a value comes from. MergeInto (under Values) is
// the one place their precedence is decided, lowest first: the template's
// defaults (which render applies to what is still unset), the config
// file's vars, each --context file in order, a batch record's fields, then
// the flags (--name, --product, --brand, --var).
type Layers struct {
	Config   *Values
	Contexts []*Values
	Record   *Values // nil outside a batch
	Flags    *Values
}

// Values merges the layers; a later one wins.
func (l *Layers) Values() *Values {
	out := &Values{}
	l.MergeInto(out)
	return out
}

// MergeInto is Values into out, which it resets first (see Values.Reset).
func (l *Layers) MergeInto(out *Values) {
	out.Reset()
	add := func(v *Values) {
		if v != nil {
			out.SetAll(v)
		}
	}
	add(l.Config)
	for _, v := range l.Contexts {
		add(v)
	}
	add(l.Record)
	add(l.Flags)
}
