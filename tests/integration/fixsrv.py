# A fixture server for the tests: answers like the API with bodies the
# simulator never sends (tests/fixtures), over a real socket.
#   python3 fixsrv.py FIXTURES-DIR PORT-FILE ACCOUNT
# GET .../pcaps: list-result-info-paged.json (a `complete` sample, a `success`
# full capture, result_info counting 5); GET .../pcaps/ID: the first of them;
# GET .../pcaps/ID/download: a pcap with one packet; POST: 400 with
# failure-error-chain.json, or with FIXSRV_POST_HANG=S no answer for S seconds
# (nothing is created). FIXSRV_LOG=FILE: one "METHOD PATH" line per request.
# Writes its port to PORT-FILE.
import http.server, json, os, struct, sys, time
fix, portfile, acct = sys.argv[1], sys.argv[2], sys.argv[3]
def load(name):
    with open(os.path.join(fix, name), "rb") as f:
        return f.read()
listing = load("list-result-info-paged.json")
one = {"success": True, "errors": [], "messages": [],
       "result": json.loads(listing)["result"][0]}
base = "/client/v4/accounts/" + acct + "/pcaps"
frame = bytes(12) + b"\x08\x00" + bytes(46)  # Ethernet, IPv4 type, zero payload
pcap = (struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, 1) +
        struct.pack("<IIII", 1751364000, 0, len(frame), len(frame)) + frame)
class H(http.server.BaseHTTPRequestHandler):
    def answer(self, status, body):
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
    def log_request(self, code="-", size="-"):
        if os.environ.get("FIXSRV_LOG"):
            with open(os.environ["FIXSRV_LOG"], "a") as f:
                f.write(self.command + " " + self.path + "\n")
    def do_GET(self):
        if self.path == base:
            self.answer(200, listing)
        elif self.path == base + "/" + one["result"]["id"] + "/download":
            self.send_response(200)
            self.send_header("Content-Type", "application/vnd.tcpdump.pcap")
            self.send_header("Content-Length", str(len(pcap)))
            self.end_headers()
            self.wfile.write(pcap)
        elif self.path == base + "/" + one["result"]["id"]:
            self.answer(200, json.dumps(one).encode())
        else:
            self.answer(404, b'{"success":false,"errors":[{"code":7003,"message":"No route"}],"result":null}')
    def do_POST(self):
        n = int(self.headers.get("Content-Length") or 0)
        self.rfile.read(n)
        hang = float(os.environ.get("FIXSRV_POST_HANG") or 0)
        if hang > 0:
            self.log_request()
            time.sleep(hang)
            self.close_connection = True
            return
        self.answer(400, load("failure-error-chain.json"))
    def log_message(self, *a): pass
s = http.server.ThreadingHTTPServer(("127.0.0.1", 0), H)
with open(portfile + ".tmp", "w") as f:
    f.write(str(s.server_address[1]))
os.rename(portfile + ".tmp", portfile)
s.serve_forever()
