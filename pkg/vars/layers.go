package vars

// Layers are the places a value comes from. Values is the one place their
// precedence is decided, lowest first: the template's defaults (which
// render applies to what is still unset), the config file's vars, each
// --context file in order, a batch record's fields, then the flags
// (--name, --product, --brand, --var).
type Layers struct {
	Config   *Values
	Contexts []*Values
	Record   *Values // nil outside a batch
	Flags    *Values
}

// Values merges the layers; a later one wins.
func (l *Layers) Values() *Values {
	out := &Values{}
	for _, v := range append(append([]*Values{l.Config}, l.Contexts...), l.Record, l.Flags) {
		if v != nil {
			out.SetAll(v)
		}
	}
	return out
}
