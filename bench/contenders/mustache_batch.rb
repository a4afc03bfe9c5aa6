# Renders the benchmark email once per CSV record with mustache, as JSON Lines.
#
# Usage: ruby mustache_batch.rb TEMPLATE_DIR customers.csv
# Each line has the fields of `templ render -f jsonl`, with the variables in
# name order, as Go writes a map.
require "csv"
require "json"
require "mustache"

dir, data = ARGV
# Setting a view's template once compiles it once for every record.
subject = Mustache.new
subject.template = File.read(File.join(dir, "subject.mustache"))
body = Mustache.new
body.template = File.read(File.join(dir, "body.mustache"))

CSV.foreach(data, headers: true, encoding: "UTF-8") do |row|
  vars = row.to_h.sort.to_h
  email = { "id" => "bench-email", "lang" => "en", "subject" => subject.render(vars),
            "body" => body.render(vars), "vars" => vars }
  $stdout.write(JSON.generate(email), "\n")
end
