package main

import (
	"os"
	"regexp"
	"strings"
	"testing"
)

// The README tells a new user how to install templ before how to use it,
// with the module's real path, and how long the test command takes.
func TestReadmeInstallAndTestTime(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	gomod, err := os.ReadFile("../../go.mod")
	if err != nil {
		t.Fatal(err)
	}
	module := regexp.MustCompile(`(?m)^module (\S+)$`).FindSubmatch(gomod)
	if module == nil {
		t.Fatal("go.mod has no module line")
	}
	text := string(readme)
	install := strings.Index(text, "go install "+string(module[1])+"/cmd/templ@latest")
	use := strings.Index(text, "\n## Use\n")
	if install < 0 || use < 0 || install > use {
		t.Errorf("README: want the line go install %s/cmd/templ@latest before ## Use (found at %d, ## Use at %d)", module[1], install, use)
	}
	if !regexp.MustCompile(`scripts/test.sh[^#]*took about \d+ s(econds)? on`).MatchString(text) {
		t.Errorf("README: want how long scripts/test.sh took (\"took about N seconds on\")")
	}
}
