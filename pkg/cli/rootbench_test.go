package cli

import (
	"context"
	"testing"
)

func BenchmarkNewRootCmd(b *testing.B) {
	stdio := IO{}
	stdio.fill()
	for b.Loop() {
		root, lazy := newRootCmd(context.Background(), &stdio, "v1")
		lazy.forArgs([]string{"render", "refund-accept", "--name", "Ivan"})
		_ = root
	}
}
