#!/usr/bin/ruby
# frozen_string_literal: true

# BBB's hook for Caravan (install: docs/recordings.md, "The node's upload"). BBB runs every script in
# /usr/local/bigbluebutton/core/scripts/post_publish/ with "-m <recordID>" after it has published a format of a
# recording; this one hands the recording to caravan-recording-upload, which uploads every format published so far
# (a later format's run uploads the recording again, whole). A failed upload is logged and leaves the recording
# on the node; running caravan-recording-upload by hand retries it.
require 'optparse'

record_id = nil
OptionParser.new do |options|
  options.on('-m', '--meeting-id ID') { |value| record_id = value }
  options.on('-f', '--format FORMAT') { |_value| nil }
end.parse!
exit 0 if record_id.nil?

uploader = ENV.fetch('CARAVAN_RECORDING_UPLOAD', '/usr/local/bin/caravan-recording-upload')
ok = system(uploader, record_id, out: $stdout, err: $stderr)
warn "caravan: upload of recording #{record_id} failed; run #{uploader} #{record_id} to retry" unless ok
exit(ok ? 0 : 1)
