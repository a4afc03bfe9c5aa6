# Renders the benchmark email once with mustache, as `templ render` does.
#
# Usage: ruby mustache_one.rb TEMPLATE_DIR Name=Ivan 'Product=Acme Cloud' ...
# TEMPLATE_DIR holds subject.mustache and body.mustache, which bench/harness
# derives from the same copy as bench/testdata/bench-email.yaml.
require "mustache"

dir = ARGV.shift
values = ARGV.to_h { |arg| arg.split("=", 2) }
subject = Mustache.render(File.read(File.join(dir, "subject.mustache")), values)
body = Mustache.render(File.read(File.join(dir, "body.mustache")), values)
$stdout.write("Subject: ", subject, "\n\n", body)
