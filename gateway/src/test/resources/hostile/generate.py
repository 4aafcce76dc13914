#!/usr/bin/env python3
"""Writes the hostile-request corpus (*.jsonl next to this file); see README.md for the format.

The corpus files are committed; rerun this after changing it and review the diff.
"""
import json, os, base64

HERE = os.path.dirname(os.path.abspath(__file__))
KEY = "wk_hostile"
files = {}


def case(file, name, status, code=None, method="POST", path="/v1/track", body=None, **kw):
    c = {"name": name, "method": method, "path": path}
    if body is not None:
        if isinstance(body, str):
            c["body"] = body
        else:
            c["bodyParts"] = body
    c.update(kw)
    c["status"] = status
    c["code"] = code
    files.setdefault(file, []).append(c)


def j(o):
    return json.dumps(o, separators=(",", ":"), ensure_ascii=False)


def rep(text, times):
    return {"repeat": text, "times": times}


def txt(text):
    return {"text": text}


def hexp(h):
    return {"hex": h}


# ---------------------------------------------------------------- malformed and truncated JSON
good_track = j({"userId": "u-1", "event": "Order Completed",
                "properties": {"items": [1, 2.5, {"sku": "a\"b"}], "ok": True, "none": None}})
for cut in range(1, len(good_track), 4):
    case("json", f"track truncated at byte {cut}", 400, "invalid_json", body=good_track[:cut])
good_batch = j({"batch": [{"type": "track", "userId": "u", "event": "E"},
                          {"type": "identify", "anonymousId": "a", "traits": {"x": [1]}}]})
for cut in range(1, len(good_batch), 6):
    case("json", f"batch truncated at byte {cut}", 400, "invalid_json", path="/v1/batch",
         body=good_batch[:cut])
malformed = {
    "trailing comma in object": '{"userId":"u","event":"E",}',
    "trailing comma in array": '{"batch":[{"type":"track","userId":"u","event":"E"},]}',
    "single-quoted strings": "{'userId':'u','event':'E'}",
    "unquoted key": '{userId:"u","event":"E"}',
    "comment": '{"userId":"u", /* c */ "event":"E"}',
    "line comment": '{"userId":"u", // c\n "event":"E"}',
    "NaN literal": '{"userId":"u","event":"E","properties":{"v":NaN}}',
    "Infinity literal": '{"userId":"u","event":"E","properties":{"v":Infinity}}',
    "leading zero": '{"userId":"u","event":"E","properties":{"v":01}}',
    "hex number": '{"userId":"u","event":"E","properties":{"v":0x1F}}',
    "plus sign number": '{"userId":"u","event":"E","properties":{"v":+1}}',
    "bare dot number": '{"userId":"u","event":"E","properties":{"v":.5}}',
    "raw control character in string": '{"userId":"u","event":"E\u0001"}',
    "raw newline in string": '{"userId":"u","event":"E\nF"}',
    "bad escape": '{"userId":"u","event":"\\x41"}',
    "short unicode escape": '{"userId":"u","event":"\\u12"}',
    "missing colon": '{"userId" "u"}',
    "missing comma": '{"userId":"u" "event":"E"}',
    "two objects": '{"userId":"u","event":"E"}{"userId":"u","event":"E"}',
    "trailing garbage": '{"userId":"u","event":"E"} garbage',
    "unclosed string": '{"userId":"u","event":"E',
    "unbalanced brackets": '{"userId":"u","event":"E"]',
    "only whitespace": "   \n\t ",
    "empty body": "",
    "python literals": '{"userId":"u","event":"E","properties":{"a":True,"b":None}}',
    "undefined literal": '{"userId":"u","event":undefined}',
    "key not a string": '{1:"u"}',
    "NUL byte outside strings": '{"userId":"u",\u0000"event":"E"}',
}
for name, body in malformed.items():
    case("json", name, 400, "invalid_json", path="/v1/batch" if "batch" in body else "/v1/track",
         body=body)
for name, body in {"array": "[{\"userId\":\"u\",\"event\":\"E\"}]", "string": '"track"',
                   "number": "42", "true": "true", "null": "null"}.items():
    case("json", f"body is {name}", 400, "not_an_object", body=body)
    case("json", f"batch body is {name}", 400, "not_an_object", path="/v1/batch", body=body)
case("json", "number longer than 1000 digits", 400, "invalid_json",
     body=[txt('{"userId":"u","event":"E","properties":{"n":'), rep("9", 1001), txt("}}")])

# ------------------------------------------------------------------ duplicate keys: last wins
dups = {
    "duplicate event": '{"userId":"u","event":"A","event":"B"}',
    "duplicate userId": '{"userId":"a","userId":"b","event":"E"}',
    "duplicate properties": '{"userId":"u","event":"E","properties":{"a":1},"properties":{"b":2}}',
    "duplicate key inside properties": '{"userId":"u","event":"E","properties":{"a":1,"a":2}}',
}
for name, body in dups.items():
    case("duplicates", name + " (last wins)", 200, None, body=body)
case("duplicates", "duplicate batch key (last wins)", 200, None, path="/v1/batch",
     body='{"batch":[],"batch":[{"type":"track","userId":"u","event":"E"}]}')
case("duplicates", "duplicate type in a batch item (last wins: teleport)", 200, None,
     path="/v1/batch", rejected=["type_not_supported"],
     body='{"batch":[{"type":"track","type":"teleport","userId":"u","event":"E"}]}')
case("duplicates", "duplicate event, last one wrong type", 400, "event_not_string",
     body='{"userId":"u","event":"A","event":7}')

# -------------------------------------------------------------------------- invalid UTF-8
utf8 = {
    "overlong slash (2 bytes)": "c0af", "overlong slash (3 bytes)": "e080af",
    "overlong slash (4 bytes)": "f08080af", "overlong NUL": "c080", "C1 lead byte": "c1bf",
    "lone continuation byte": "80", "UTF-16 high surrogate": "eda080",
    "UTF-16 low surrogate": "edbfbf", "above U+10FFFF": "f4908080", "F5 lead byte": "f5808080",
    "FE byte": "fe", "FF byte": "ff", "truncated 2-byte sequence": "c3",
    "truncated 3-byte sequence": "e282", "truncated 4-byte sequence": "f09f98",
    "ASCII where a continuation belongs": "e228a1", "Latin-1 e-acute": "e9",
}
for name, h in utf8.items():
    case("utf8", f"{name} in event", 400, "invalid_json",
         body=[txt('{"userId":"u","event":"'), hexp(h), txt('"}')])
for name in ["overlong slash (2 bytes)", "UTF-16 high surrogate", "Latin-1 e-acute"]:
    h = utf8[name]
    case("utf8", f"{name} in a batch item key", 400, "invalid_json", path="/v1/batch",
         body=[txt('{"batch":[{"type":"track","userId":"u","event":"E","properties":{"'),
               hexp(h), txt('":1}}]}')])
    case("utf8", f"{name} in the pixel data", 400, "invalid_json", method="GET",
         path="/v1/pixel/track?data=" + base64.urlsafe_b64encode(
             b'{"writeKey":"' + KEY.encode() + b'","userId":"u","event":"' + bytes.fromhex(h)
             + b'"}').decode(), auth=False)
case("utf8", "UTF-16 body", 400, "invalid_json",
     body=[hexp('{"userId":"u","event":"E"}'.encode("utf-16-le").hex())])

# ------------------------------------------------------------------- numbers beyond double
for name, num, status, code in [
    ("1E+400 in properties", "1E+400", 200, None), ("-1E+400 in properties", "-1E+400", 200, None),
    ("1E-400 in properties", "1E-400", 200, None),
    ("40-digit integer in properties", "1234567890123456789012345678901234567890", 200, None),
    ("exponent near the int limit", "1E+999999999", 200, None),
    ("negative exponent near the int limit", "1E-999999999", 200, None),
]:
    case("numbers", name + " (kept exactly)", status, code,
         body='{"userId":"u","event":"E","properties":{"n":' + num + "}}")
for name, num in [("exponent beyond an int", "1E+9999999999"),
                  ("negative exponent beyond an int", "1E-9999999999")]:
    case("numbers", name, 400, "invalid_json",
         body='{"userId":"u","event":"E","properties":{"n":' + num + "}}")
    case("numbers", name + " in a batch", 400, "invalid_json", path="/v1/batch",
         body='{"batch":[{"type":"track","userId":"u","event":"E","properties":{"n":' + num + "}}]}")
case("numbers", "userId 1E+400 (delivered as a string)", 200, None,
     body='{"userId":1E+400,"event":"E"}')
case("numbers", "messageId a huge number", 400, "message_id_invalid",
     body='{"userId":"u","event":"E","messageId":1E+400}')
case("numbers", "event a huge number", 400, "event_not_string",
     body='{"userId":"u","event":-1E+400}')

# ------------------------------------------------------------------------------ nesting
case("nesting", "10,000 nested arrays in a batch", 400, "json_too_deep", path="/v1/batch",
     body=[txt('{"batch":'), rep("[", 10000), rep("]", 10000), txt("}")])
case("nesting", "10,000 nested objects in properties", 400, "json_too_deep",
     body=[txt('{"userId":"u","event":"E","properties":'), rep('{"a":', 10000), txt("1"),
           rep("}", 10000), txt("}")])
case("nesting", "10,000 unclosed arrays", 400, "json_too_deep",
     body=[txt('{"userId":"u","event":"E","properties":'), rep("[", 10000)])
case("nesting", "65 levels (one too many)", 400, "json_too_deep",
     body=[txt('{"userId":"u","event":"E","properties":'), rep("[", 64), rep("]", 64), txt("}")])
case("nesting", "10,000 nested arrays in the pixel", 400, "json_too_deep", method="GET",
     auth=False, path="/v1/pixel/track?data=" + base64.urlsafe_b64encode(
         ('{"writeKey":"' + KEY + '","properties":' + "[" * 10000 + "]" * 10000 + "}").encode()
     ).decode().rstrip("="))

# --------------------------------------------------------------------------- huge strings
case("size", "event of 40 KB in one message", 413, "message_too_large",
     body=[txt('{"userId":"u","event":"'), rep("e", 40 * 1024), txt('"}')])
case("size", "property name of 40 KB", 413, "message_too_large",
     body=[txt('{"userId":"u","event":"E","properties":{"'), rep("k", 40 * 1024), txt('":1}}')])
case("size", "string of 600 KB", 413, "request_too_large",
     body=[txt('{"userId":"u","event":"'), rep("e", 600 * 1024), txt('"}')])
case("size", "batch of 2,501 messages", 413, "too_many_messages", path="/v1/batch",
     body=[txt('{"batch":['), rep('{"type":"track","userId":"u","event":"E"},', 2500),
           txt('{"type":"track","userId":"u","event":"E"}]}')])
case("size", "batch of 600 KB", 413, "request_too_large", path="/v1/batch",
     body=[txt('{"batch":['), rep('{"type":"track","userId":"u","event":"E"},', 14000),
           txt('{"type":"track","userId":"u","event":"E"}]}')])
case("size", "batch item of 40 KB (rejected alone)", 200, None, path="/v1/batch",
     rejected=["message_too_large"],
     body=[txt('{"batch":[{"type":"track","userId":"u","event":"'), rep("e", 40 * 1024),
           txt('"}]}')])
case("size", "Content-Length over the limit, body trickled", 413, "request_too_large",
     path="/v1/batch", contentLength=600 * 1024,
     body=[txt('{"batch":['), rep(" ", 64 * 1024)], pace={"chunk": 4096, "pauseMillis": 20})
case("size", "chunked body over the limit, trickled", 413, "request_too_large",
     path="/v1/batch", chunked=True,
     body=[txt('{"batch":[],"pad":"'), rep("p", 600 * 1024), txt('"}')],
     pace={"chunk": 16384, "pauseMillis": 5})
case("size", "Content-Length over the limit, no body sent", 413, "request_too_large",
     path="/v1/batch", contentLength=10 * 1024 * 1024, body="")

# ------------------------------------------------------------------------------ gzip
case("gzip", "gzip bomb: 5 MB of spaces", 413, "request_too_large", path="/v1/batch",
     gzip=True, headers={"Content-Encoding": "gzip"},
     body=[txt('{"batch":[],"pad":"'), rep(" ", 5 * 1024 * 1024), txt('"}')])
case("gzip", "gzip bomb: 50 MB of zeros on a single message", 413, "request_too_large",
     gzip=True, headers={"Content-Encoding": "gzip"},
     body=[txt('{"userId":"u","event":"'), rep("0", 50 * 1024 * 1024), txt('"}')])
case("gzip", "gzip bomb: deep nesting inside", 400, "json_too_deep", path="/v1/batch",
     gzip=True, headers={"Content-Encoding": "gzip"},
     body=[txt('{"batch":'), rep("[", 200000), rep("]", 200000), txt("}")])
case("gzip", "truncated gzip", 400, "invalid_gzip", gzip=True, truncate=12,
     headers={"Content-Encoding": "gzip"}, body='{"userId":"u","event":"Truncated"}')
case("gzip", "gzip header on a plain body", 400, "invalid_gzip",
     headers={"Content-Encoding": "gzip"}, body='{"userId":"u","event":"E"}')
case("gzip", "gzip inside gzip", 400, "invalid_json", gzip=2,
     headers={"Content-Encoding": "gzip"}, body='{"userId":"u","event":"E"}')
for enc in ["br", "deflate", "compress", "zstd", "gzip, br", "gzip, gzip"]:
    case("gzip", f"Content-Encoding {enc}", 415, "unsupported_encoding",
         headers={"Content-Encoding": enc}, body='{"userId":"u","event":"E"}')

# ------------------------------------------------------------------------- wrong types
wrong = {"true": True, "false": False, "a number": 42, "an object": {"x": 1}, "an array": [1],
         "a string": "s", "null": None}
for field, code in [("properties", "properties_not_object"), ("traits", "traits_not_object"),
                    ("context", "context_not_object"),
                    ("integrations", "integrations_not_object")]:
    for what in ["true", "a number", "an array", "a string"]:
        case("types", f"{field} is {what}", 400, code,
             body=j({"userId": "u", "event": "E", field: wrong[what]}))
        case("types", f"{field} is {what} in a batch item", 200, None, path="/v1/batch",
             rejected=[code], body=j({"batch": [{"type": "track", "userId": "u", "event": "E",
                                                   field: wrong[what]}]}))
for what in ["true", "false", "an object", "an array", "null"]:
    for t in ["track", "identify", "page", "screen"]:
        m = {"userId": wrong[what]}
        if t == "track":
            m["event"] = "E"
        case("types", f"{t}: userId is {what}, no anonymousId", 400, "no_user_anon_id",
             path="/v1/" + t, body=j(m))
case("types", "userId empty string", 400, "no_user_anon_id", body=j({"userId": "", "event": "E"}))
case("types", "anonymousId is an object", 400, "no_user_anon_id",
     body=j({"anonymousId": {}, "event": "E"}))
for what in ["a number", "an object", "an array", "true"]:
    case("types", f"event is {what}", 400, "event_not_string",
         body=j({"userId": "u", "event": wrong[what]}))
for what, v in [("null", None), ("empty", "")]:
    case("types", f"event is {what}", 400, "event_not_defined", body=j({"userId": "u", "event": v}))
for what in ["a number", "an object", "an array", "true"]:
    case("types", f"messageId is {what}", 400, "message_id_invalid",
         body=j({"userId": "u", "event": "E", "messageId": wrong[what]}))
case("types", "messageId of 100 characters", 400, "message_id_invalid",
     body=j({"userId": "u", "event": "E", "messageId": "m" * 100}))
for what in ["true", "an object", "an array", "null"]:
    case("types", f"groupId is {what}", 400, "id_required", path="/v1/group",
         body=j({"userId": "u", "groupId": wrong[what]}))
    case("types", f"previousId is {what}", 400, "id_required", path="/v1/alias",
         body=j({"userId": "u", "previousId": wrong[what]}))
case("types", "alias without userId", 400, "id_required", path="/v1/alias",
     body=j({"anonymousId": "a", "previousId": "p"}))
for what in ["a number", "an object", "null", "true"]:
    case("types", f"batch item type is {what}", 200, None, path="/v1/batch",
         rejected=["type_not_supported"],
         body=j({"batch": [{"type": wrong[what], "userId": "u", "event": "E"}]}))
case("types", "batch item type unknown", 200, None, path="/v1/batch",
     rejected=["type_not_supported"], body=j({"batch": [{"type": "teleport", "userId": "u"}]}))
case("types", "batch item without type", 200, None, path="/v1/batch",
     rejected=["type_not_supported"], body=j({"batch": [{"userId": "u"}]}))
for what in ["a number", "a string", "an array", "null", "true"]:
    case("types", f"batch item is {what}", 200, None, path="/v1/batch",
         rejected=["not_an_object"], body=j({"batch": [wrong[what]]}))
for what in ["an object", "a string", "a number", "null", "true"]:
    case("types", f"batch is {what}", 400, "batch_missing", path="/v1/batch",
         body=j({"batch": wrong[what]}))
case("types", "batch is empty", 400, "batch_empty", path="/v1/batch", body=j({"batch": []}))
case("types", "batch key missing", 400, "batch_missing", path="/v1/import",
     body=j({"messages": []}))
for field, code in [("context", "context_not_object"), ("integrations", "integrations_not_object")]:
    for what in ["a string", "an array", "a number"]:
        case("types", f"envelope {field} is {what}", 400, code, path="/v1/batch",
             body=j({field: wrong[what],
                     "batch": [{"type": "track", "userId": "u", "event": "E"}]}))
for what in ["a number", "an object", "true", "an array"]:
    case("types", f"timestamp is {what} (counts as absent)", 200, None,
         body=j({"userId": "u", "event": "E", "timestamp": wrong[what]}))
for ts in ["+10000-01-01T00:00:00Z", "-0001-01-01T00:00:00Z", "2026-02-30T00:00:00Z", "yesterday"]:
    case("types", f"timestamp {ts} (counts as absent)", 200, None,
         body=j({"userId": "u", "event": "E", "timestamp": ts}))
case("types", "sentAt is an object (counts as absent)", 200, None, path="/v1/batch",
     body=j({"sentAt": {}, "batch": [{"type": "track", "userId": "u", "event": "E"}]}))

# ------------------------------------------------------------------------------- auth
case("auth", "wrong write key", 401, "invalid_write_key",
     headers={"Authorization": "Basic " + base64.b64encode(b"nope:").decode()},
     body=j({"userId": "u", "event": "E"}))
case("auth", "no write key anywhere", 401, "missing_write_key", auth=False,
     body=j({"userId": "u", "event": "E"}))
case("auth", "Bearer token", 401, "invalid_write_key", headers={"Authorization": "Bearer " + KEY},
     body=j({"userId": "u", "event": "E"}))
case("auth", "Basic credentials not base64", 401, "invalid_write_key",
     headers={"Authorization": "Basic !!!notbase64"}, body=j({"userId": "u", "event": "E"}))
case("auth", "Basic with empty user and password", 401, "missing_write_key",
     headers={"Authorization": "Basic " + base64.b64encode(b":").decode()},
     body=j({"userId": "u", "event": "E"}))
case("auth", "empty X-Write-Key", 401, "missing_write_key", headers={"X-Write-Key": ""},
     body=j({"userId": "u", "event": "E"}))
case("auth", "writeKey in body is a number", 401, "missing_write_key", auth=False,
     body=j({"writeKey": 42, "userId": "u", "event": "E"}))
case("auth", "writeKey in body is wrong", 401, "invalid_write_key", auth=False,
     body=j({"writeKey": "nope", "userId": "u", "event": "E"}))
case("auth", "write key of 1 MB in the body", 413, "request_too_large", auth=False,
     path="/v1/batch", body=[txt('{"writeKey":"'), rep("k", 1024 * 1024), txt('","batch":[]}')])
case("auth", "write key of 400 KB in the body", 401, "invalid_write_key", auth=False,
     path="/v1/batch",
     body=[txt('{"writeKey":"'), rep("k", 400 * 1024),
           txt('","batch":[{"type":"track","userId":"u","event":"E"}]}')])
case("auth", "write key of 1 MB in X-Write-Key", 431, None,
     headersParts={"X-Write-Key": [rep("k", 1024 * 1024)]}, body=j({"userId": "u", "event": "E"}))
case("auth", "write key of 1 MB in Authorization", 431, None,
     headersParts={"Authorization": [txt("Basic "), rep("a2tr", 256 * 1024)]},
     body=j({"userId": "u", "event": "E"}))
case("auth", "write key of 1 MB in the pixel URL", 414, None, method="GET", auth=False,
     path="/v1/pixel/track", pathParts=[txt("?writeKey="), rep("k", 1024 * 1024), txt("&data=e30")])
case("auth", "write key of 1 MB in the settings path", 414, None, method="GET", auth=False,
     path="/v1/projects/", pathParts=[rep("k", 1024 * 1024), txt("/settings")])
case("auth", "unknown key in the settings path", 401, "invalid_write_key", method="GET",
     auth=False, path="/v1/projects/nope/settings")

# ---------------------------------------------------------------------- HTTP: headers, URL
case("http", "one 60 KB header", 431, None, headersParts={"X-Big": [rep("b", 60 * 1024)]},
     body=j({"userId": "u", "event": "E"}))
case("http", "2,000 small headers", 431, None,
     manyHeaders=2000, body=j({"userId": "u", "event": "E"}))
case("http", "URL of 70 KB", 414, None, method="GET", auth=False,
     path="/v1/pixel/track", pathParts=[txt("?data="), rep("A", 70 * 1024)])
case("http", "request line garbage", 400, None, raw="GARBAGE\r\n\r\n")
case("http", "Content-Length not a number", 400, None,
     raw="POST /v1/track HTTP/1.1\r\nHost: h\r\nContent-Length: abc\r\n\r\n{}")
case("http", "negative Content-Length", 400, None,
     raw="POST /v1/track HTTP/1.1\r\nHost: h\r\nContent-Length: -5\r\n\r\n{}")
case("http", "two different Content-Lengths", 400, None,
     raw="POST /v1/track HTTP/1.1\r\nHost: h\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n{}")
case("http", "header line without a colon", 400, None,
     raw="POST /v1/track HTTP/1.1\r\nHost: h\r\nNoColonHere\r\nContent-Length: 2\r\n\r\n{}")
case("http", "bad chunk size (Vert.x closes: framing lost, no answer)", 0, None,
     raw="POST /v1/track HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n")
for bad in ["%zz", "%", "%4", "%g0", "%%"]:
    case("http", f"bad escape {bad!r} in the pixel query", 400, "invalid_url", method="GET",
         auth=False, path=f"/v1/pixel/track?writeKey={KEY}&data={bad}")
    case("http", f"bad escape {bad!r} in the settings path", 400, "invalid_url", method="GET",
         auth=False, path=f"/v1/projects/{KEY}{bad}/settings")
case("http", "bad escape in a POST path's query", 400, "invalid_url", path="/v1/track?x=%zz",
     body=j({"userId": "u", "event": "E"}))
case("http", "pixel without data", 400, "data_missing", method="GET", auth=False,
     path=f"/v1/pixel/track?writeKey={KEY}")
case("http", "pixel data not base64", 400, "invalid_base64", method="GET", auth=False,
     path=f"/v1/pixel/track?writeKey={KEY}&data=***")
case("http", "pixel data not JSON", 400, "invalid_json", method="GET", auth=False,
     path="/v1/pixel/track?writeKey=" + KEY + "&data=" + base64.b64encode(b"not json").decode())
case("http", "pixel without write key", 401, "missing_write_key", method="GET", auth=False,
     path="/v1/pixel/track?data=" + base64.b64encode(b'{"userId":"u","event":"E"}').decode())

# ------------------------------------------------------------------- unknown paths, methods
for p in ["/", "/v1", "/v1/", "/v2/track", "/v1/trak", "/v1/track/extra", "/v1//track",
          "/v1/pixel/teleport", "/v1/projects//settings", "/v1/projects/a/b/settings",
          "/V1/TRACK", "/v1/%74rack", "/../v1/track", "/v1/track;jsessionid=1", "/.env",
          "/admin", "/metrics", "/healthz"]:
    case("paths", f"POST {p}", 404, "not_found", path=p, body=j({"userId": "u", "event": "E"}))
for m in ["GET", "PUT", "DELETE", "PATCH", "HEAD", "TRACE", "FOO"]:
    case("paths", f"{m} /v1/track", 405, None if m == "HEAD" else "method_not_allowed",
         method=m, path="/v1/track", body="" if m in ("GET", "HEAD", "TRACE") else "{}")
for m in ["POST", "PUT", "DELETE"]:
    case("paths", f"{m} /v1/pixel/track", 405, "method_not_allowed", method=m,
         path="/v1/pixel/track", body="")
case("paths", "POST /v1/projects/key/settings", 405, "method_not_allowed",
     path=f"/v1/projects/{KEY}/settings", body="")
case("paths", "preflight from a foreign origin", 403, "origin_not_allowed", method="OPTIONS",
     path="/v1/track", auth=False,
     headers={"Origin": "https://evil.example", "Access-Control-Request-Method": "POST"})

total = 0
for name, cases in files.items():
    with open(os.path.join(HERE, name + ".jsonl"), "w", encoding="utf-8") as f:
        for c in cases:
            f.write(json.dumps(c, ensure_ascii=True, separators=(",", ":")) + "\n")
    total += len(cases)
    print(f"{name}: {len(cases)}")
print("total", total)
