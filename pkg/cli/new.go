package cli

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"unicode"

	"github.com/spf13/cobra"
	"go.yaml.in/yaml/v3"

	"github.com/templ-mail/templ/pkg/atomicfile"
	"github.com/templ-mail/templ/pkg/config"
	"github.com/templ-mail/templ/pkg/readfile"
	"github.com/templ-mail/templ/pkg/template"
)

type newOptions struct {
	*globalOptions
	id       string
	category string
	dir      string
}

func newNewCmd(g *globalOptions) *cobra.Command {
	o := &newOptions{globalOptions: g}
	cmd := &cobra.Command{
		Use:   "new ID [--category CATEGORY] [--dir DIR]",
		Short: "Write a skeleton template to start from",
		Long: `New writes ID.yaml, a commented skeleton that passes 'templ lint', into your
templates directory ($XDG_CONFIG_HOME/templ/templates) or --dir. It never
replaces an existing file. It prints the path it wrote.`,
		Example: `  templ new my-reply
  templ new late-delivery --category shipping --dir my-templates`,
		Args: needID("my-reply"),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.id = args[0]
			o.catchInterrupts() // it writes files
			return newRun(o)
		},
	}
	cmd.Flags().StringVar(&o.category, "category", "general", "the template's `CATEGORY`")
	cmd.Flags().StringVar(&o.dir, "dir", "", "write into `DIR` (default: your templates directory)")
	return cmd
}

// skeleton is the starting template. Every line of it must pass lint.
const skeleton = `# A templ template: one file per email, every language in it.
# Placeholders are [Variable Name]; write \[ for a literal bracket.
# Check it with: templ lint %[3]s
id: %[1]s
category: %[2]s
vars:
  # Required: no default and not optional.
  Name: {description: Customer's first name}
  # A default may differ per language and must read well in its sentence.
  Product: {description: Product or service, default: {en: your order, bg: поръчката Ви}}
  # An optional variable with no value drops its whole line.
  Order: {description: Order number, optional: true}
  Agent: {description: Who signs the email, default: {en: The support team, bg: Екипът по поддръжката}}
locales:
  en:
    title: %[1]s
    subjects:                  # in order of preference: the first whose variables are all set
      - About order [Order]
      - About [Product]
    body: |
      Hi [Name],

      Thank you for writing to us about [Product].

      We have noted your order number, [Order].

      Best regards,
      [Agent]
  bg:
    title: %[1]s
    subjects:
      - Относно поръчка [Order]
      - Относно [Product]
    body: |
      Здравейте, [Name],

      Благодарим Ви, че ни писахте относно [Product].

      Отбелязахме номера на поръчката Ви: [Order].

      Поздрави,
      [Agent]
`

func newRun(o *newOptions) error {
	if !template.ValidID(o.id) {
		return inputErrorf("id %q: use lowercase letters, digits and '-' (like refund-reject)", o.id)
	}
	if windowsDevice(o.id) {
		return inputErrorf("id %q is a device name on Windows (con, prn, aux, nul, com1-9, lpt1-9), so its file could not be shared; pick another id, like %s-reply", o.id, o.id)
	}
	category, err := yamlScalar(o.category)
	if err != nil {
		return err
	}
	dir := o.dir
	if dir == "" {
		dir = config.UserTemplatesDir(o.io.Getenv)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return workError(fmt.Errorf("creating %s: %v", dir, readfile.UnwrapPath(err)))
	}
	path := filepath.Join(dir, o.id+".yaml")
	if err := atomicfile.WriteFile(path, []byte(fmt.Sprintf(skeleton, o.id, category, path)), false); err != nil {
		if errors.Is(err, atomicfile.ErrExists) {
			return workError(fmt.Errorf("%s already exists; templ new never replaces a file (edit it, or pick another id)", path))
		}
		return workError(err)
	}
	return writeOut(o.io.Out, []byte(path+"\n"))
}

// windowsDevice reports whether id is a name Windows reserves for a device:
// con.yaml cannot be created or copied there.
func windowsDevice(id string) bool {
	switch id {
	case "con", "prn", "aux", "nul":
		return true
	}
	return len(id) == 4 && (strings.HasPrefix(id, "com") || strings.HasPrefix(id, "lpt")) && id[3] >= '1' && id[3] <= '9'
}

// yamlScalar writes category as a one-line YAML value, quoted when it needs
// to be, so that "--category 'a: b'" still gives a valid file.
func yamlScalar(category string) (string, error) {
	if strings.TrimSpace(category) == "" || strings.IndexFunc(category, unicode.IsControl) >= 0 {
		return "", inputErrorf("--category %q: give a one-line name, like refund", category)
	}
	out, err := yaml.Marshal(category)
	if err != nil {
		return "", workError(err)
	}
	return strings.TrimSuffix(string(out), "\n"), nil
}
