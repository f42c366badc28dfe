#!/usr/bin/env python3
"""Build MHT (MIME multipart/related) files from saved HTML pages, the way
browsers and Word save a page as one file, for tests/fixtures/forms/.

  scripts/make-mht.py STYLE IN.html OUT.mht

STYLE is one of
  blink-qp-utf8    Chromium's "save as MHTML": UTF-8, quoted-printable
  word-qp-gb2312   Word's "single file web page": gb2312 (GBK), quoted-printable
  base64-gbk       GBK, base64, charset named in Content-Type
  base64-nocharset GBK, base64, no charset parameter (the reader must detect it)

Each file also holds a CSS part and a PNG part after the page, as real saved
pages do. (Chromium has no command-line switch to save MHTML, so the
container is built here; the MIME layout copies what Blink and Word write.)
"""
import base64
import quopri
import sys

PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
)


def qp(data: bytes) -> bytes:
    # quopri wraps at 76 with "=\n" soft breaks; MIME wants CRLF.
    return quopri.encodestring(data).replace(b"\n", b"\r\n")


def b64(data: bytes) -> bytes:
    s = base64.b64encode(data)
    return b"\r\n".join(s[i : i + 76] for i in range(0, len(s), 76))


def main() -> None:
    style, src, out = sys.argv[1:4]
    html = open(src, encoding="utf-8").read()
    if style == "blink-qp-utf8":
        boundary = "----MultipartBoundary--ogiLensFixture0000000000000000----"
        head = (
            "From: <Saved by Blink>\r\n"
            "Snapshot-Content-Location: http://www.pingtan.gov.cn/report.html\r\n"
            "Subject: =?utf-8?Q?report?=\r\n"
            "Date: Mon, 1 Jun 2026 08:00:00 -0000\r\n"
            "MIME-Version: 1.0\r\n"
            f'Content-Type: multipart/related;\r\n\ttype="text/html";\r\n\tboundary="{boundary}"\r\n'
        )
        part_head = "Content-Type: text/html\r\nContent-ID: <frame-0@mhtml.blink>\r\nContent-Transfer-Encoding: quoted-printable\r\nContent-Location: http://www.pingtan.gov.cn/report.html\r\n"
        body = qp(html.encode("utf-8"))
    elif style == "word-qp-gb2312":
        boundary = "----=_NextPart_01DA0000.0000AAAA"
        head = (
            "MIME-Version: 1.0\r\n"
            f'Content-Type: multipart/related; boundary="{boundary}"\r\n\r\n'
            "此文档为“单个文件网页”，也称为“Web 档案”文件。\r\n".encode("gbk").decode("latin-1")
        )
        part_head = 'Content-Location: file:///C:/report.htm\r\nContent-Transfer-Encoding: quoted-printable\r\nContent-Type: text/html; charset="gb2312"\r\n'
        body = qp(html.encode("gbk", errors="xmlcharrefreplace"))
    elif style in ("base64-gbk", "base64-nocharset"):
        boundary = "=_ogi_lens_fixture_boundary"
        head = f'MIME-Version: 1.0\r\nContent-Type: multipart/related; type="text/html"; boundary="{boundary}"\r\n'
        ctype = "text/html; charset=GBK" if style == "base64-gbk" else "text/html"
        part_head = f"Content-Type: {ctype}\r\nContent-Transfer-Encoding: base64\r\nContent-Location: report.html\r\n"
        body = b64(html.encode("gbk", errors="xmlcharrefreplace"))
    else:
        sys.exit(f"unknown style {style}")
    b = boundary.encode()
    parts = [
        head.encode("latin-1") + b"\r\n",
        b"--" + b + b"\r\n" + part_head.encode() + b"\r\n" + body + b"\r\n",
        b"--" + b + b"\r\nContent-Type: text/css\r\nContent-Transfer-Encoding: quoted-printable\r\nContent-Location: style.css\r\n\r\n"
        + qp(b"body { font-family: SimSun; }\n") + b"\r\n",
        b"--" + b + b"\r\nContent-Type: image/png\r\nContent-Transfer-Encoding: base64\r\nContent-Location: logo.png\r\n\r\n"
        + b64(PNG) + b"\r\n",
        b"--" + b + b"--\r\n",
    ]
    open(out, "wb").write(b"".join(parts))


if __name__ == "__main__":
    main()
