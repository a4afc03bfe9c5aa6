// Command templ renders customer-service emails. See README.md.
package main

import (
	"os"

	"github.com/templ-mail/templ/pkg/cli"
)

// version is set at link time: -ldflags "-X main.version=v1.2.3".
var version = ""

func main() {
	os.Exit(cli.Main(os.Args[1:], cli.StdIO(), version))
}
