package config

import (
	"fmt"
	"path/filepath"
	"strconv"

	"go.yaml.in/yaml/v3"
)

// SMTP is the config's smtp section (product.md's "Sending"). It holds no
// password: that comes from TEMPL_SMTP_PASSWORD or PasswordCommand.
type SMTP struct {
	Host            string
	Port            int // 0: the TLS mode's usual port
	Username        string
	TLS             string // starttls (""), tls or none
	PasswordCommand string
}

// smtpKeys are the keys of smtp, in the order errors list them.
var smtpKeys = "host, port, username, tls, password_command"

// parseDelivery reads html, html_layout and smtp.
func parseDelivery(cfg *Config, path, at, key string, v *yaml.Node) error {
	switch key {
	case "html":
		b, err := strconv.ParseBool(v.Value)
		if v.Kind != yaml.ScalarNode || err != nil {
			return fmt.Errorf("%s: html must be true or false", at)
		}
		cfg.HTML = b
	case "html_layout":
		if v.Kind != yaml.ScalarNode || v.Value == "" {
			return fmt.Errorf("%s: html_layout must be the path of an HTML file with a [Body] slot", at)
		}
		cfg.HTMLLayout = v.Value
		if !filepath.IsAbs(v.Value) {
			cfg.HTMLLayout = filepath.Join(filepath.Dir(path), v.Value)
		}
	case "smtp":
		if v.Kind != yaml.MappingNode {
			return fmt.Errorf("%s: smtp must be a map with %s", at, smtpKeys)
		}
		for j := 0; j+1 < len(v.Content); j += 2 {
			if err := parseSMTPKey(&cfg.SMTP, path, v.Content[j], v.Content[j+1]); err != nil {
				return err
			}
		}
	}
	return nil
}

func parseSMTPKey(s *SMTP, path string, k, v *yaml.Node) error {
	at := fmt.Sprintf("%s:%d:%d: smtp.%s", path, k.Line, k.Column, k.Value)
	if v.Kind != yaml.ScalarNode {
		return fmt.Errorf("%s must be text", at)
	}
	switch k.Value {
	case "host":
		s.Host = v.Value
	case "port":
		n, err := strconv.Atoi(v.Value)
		if err != nil || n < 1 || n > 65535 {
			return fmt.Errorf("%s: %q is not a port; use 1 to 65535", at, v.Value)
		}
		s.Port = n
	case "username":
		s.Username = v.Value
	case "tls":
		switch v.Value {
		case "starttls", "tls", "none":
			s.TLS = v.Value
		default:
			return fmt.Errorf("%s: %q is not starttls, tls or none", at, v.Value)
		}
	case "password_command":
		s.PasswordCommand = v.Value
	case "password":
		// Say so rather than "unknown key": a password in a file is what
		// the user must not do, and what they most likely tried.
		return fmt.Errorf("%s: templ does not read a password from the config; set TEMPL_SMTP_PASSWORD or smtp.password_command (such as \"pass show smtp\")", at)
	default:
		return fmt.Errorf("%s: unknown key (allowed: %s)", at, smtpKeys)
	}
	return nil
}
