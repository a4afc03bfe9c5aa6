package vars

import (
	"reflect"
	"testing"
)

// A batch merges every record into the same Values: nothing of one record
// may show in the next.
func TestMergeIntoReuse(t *testing.T) {
	flags := &Values{}
	flags.Set("Brand", "Flags")
	config := &Values{}
	config.Set("Agent", "Maria")
	l := Layers{Config: config, Flags: flags}
	out := &Values{}
	rec := &Values{}
	for _, tt := range []struct {
		record [][2]string
		want   []Value
	}{
		{[][2]string{{"Name", "Ivan"}, {"Order", "A-1"}, {"Brand", "Column"}}, []Value{{"Agent", "Maria"}, {"Name", "Ivan"}, {"Order", "A-1"}, {"Brand", "Flags"}}},
		{[][2]string{{"name", "Petar"}}, []Value{{"Agent", "Maria"}, {"name", "Petar"}, {"Brand", "Flags"}}},
		{nil, []Value{{"Agent", "Maria"}, {"Brand", "Flags"}}},
	} {
		rec.Reset()
		for _, kv := range tt.record {
			rec.Set(kv[0], kv[1])
		}
		l.Record = rec
		l.MergeInto(out)
		if got := out.All(); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("MergeInto: %v, want %v", got, tt.want)
		}
		if got := l.Values().All(); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Values: %v, want %v", got, tt.want)
		}
		if _, ok := out.Get("Order"); ok != (len(tt.record) == 3) {
			t.Errorf("Order left over: %v", ok)
		}
	}
}
