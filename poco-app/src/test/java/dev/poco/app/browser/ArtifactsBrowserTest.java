package dev.poco.app.browser;

import static dev.poco.app.browser.Chromium.testId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.poco.testkit.anthropic.Reply;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;

/**
 * Issue 16, the Artifacts panel in a real browser against the whole product: the agent (real CLI, scripted model)
 * writes a CSV, Markdown, HTML, PDF, DOCX and XLSX file; each opens in its previewer (a table, rendered Markdown, a
 * sandboxed frame, pdf.js pages with their text layer, the document's text), and the zip button links the whole
 * workspace's archive. The binary files are made here with plain Java: a PDF by hand, the Office files as zips of XML.
 */
class ArtifactsBrowserTest extends ChromiumTest {

    private static final Set<String> ACTIVE = Set.of("pending", "queued", "claimed", "running");
    private static final String XML = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>";

    @Test
    void eachKindOfFileTheAgentWroteOpensInItsPreviewAndTheWorkspaceDownloadsAsAZip() throws IOException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("cities.csv", utf8("city,people\n\"Paris, FR\",2100000\nLyon,520000\n"));
        files.put("notes.md", utf8("# Trip notes\n\nPack **light**.\n"));
        files.put("page.html", utf8("<!doctype html><html><body><h1 id=\"t\">Hello from the agent</h1><script>"
                + "document.body.dataset.origin = String(window.origin);"
                + "try { document.body.dataset.cookie = String(document.cookie); }"
                + " catch (e) { document.body.dataset.cookie = 'blocked'; }"
                + "</script></body></html>"));
        files.put("report.pdf", pdf("Hello PDF preview"));
        files.put("letter.docx", docx(List.of("Dear reader,", "The quarter went well.")));
        files.put("sales.xlsx", xlsx(List.of(List.of("Region", "Total"), List.of("North", 42), List.of("South", 7))));
        String command = files.entrySet().stream()
                .map(f -> "echo " + Base64.getEncoder().encodeToString(f.getValue()) + " | base64 -d > " + f.getKey())
                .collect(Collectors.joining(" && "));
        MODEL.enqueue(Reply.bash(command, "Write the files"), Reply.text("I wrote six files."));
        String sessionId = runToEnd("Write a few documents");

        chromium.open(base + "/s/" + sessionId);
        chromium.visible(testId("run-status", "status", "completed"));
        if (!chromium.present(testId("files-panel"))) {
            chromium.click(testId("files-toggle"));
        }

        // CSV: a table, the first row its header, a quoted comma kept in its cell.
        WebElement csv = open("/cities.csv", "csv");
        WebElement table = chromium.visible(csv, testId("preview-table"));
        assertThat(table.findElements(By.tagName("th"))).extracting(WebElement::getText).containsExactly("city", "people");
        assertThat(table.findElements(By.tagName("td"))).extracting(WebElement::getText)
                .containsExactly("Paris, FR", "2100000", "Lyon", "520000");
        back();

        // XLSX: the sheet as a table.
        WebElement xlsx = open("/sales.xlsx", "xlsx");
        WebElement sheet = chromium.visible(xlsx, testId("preview-table"));
        assertThat(sheet.findElements(By.tagName("th"))).extracting(WebElement::getText).containsExactly("Region", "Total");
        assertThat(sheet.findElements(By.tagName("td"))).extracting(WebElement::getText)
                .containsExactly("North", "42", "South", "7");
        back();

        // Markdown: rendered.
        WebElement md = open("/notes.md", "markdown");
        assertThat(chromium.visible(md, By.tagName("h1")).getText()).isEqualTo("Trip notes");
        assertThat(md.findElement(By.tagName("strong")).getText()).isEqualTo("light");
        back();

        // DOCX: the document's paragraphs as HTML.
        WebElement docx = open("/letter.docx", "docx");
        WebElement letter = chromium.visible(docx, testId("docx-preview"));
        assertThat(letter.findElements(By.tagName("p"))).extracting(WebElement::getText)
                .containsExactly("Dear reader,", "The quarter went well.");
        back();

        // PDF: pdf.js draws the page on a canvas and lays its text over it.
        WebElement pdf = open("/report.pdf", "pdf");
        WebElement page = chromium.visible(pdf, By.cssSelector("[data-testid='pdf-page'][data-rendered='true']"));
        assertThat(page.findElements(By.tagName("canvas"))).hasSize(1);
        assertThat(((Number) js().executeScript("const c = arguments[0].querySelector('canvas');"
                + " const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;"
                + " let dark = 0; for (let i = 0; i < d.length; i += 4) if (d[i + 3] > 0 && d[i] < 128) dark++;"
                + " return dark;", page)).longValue()).as("dark pixels of the drawn text").isPositive();
        assertThat(page.findElement(By.cssSelector(".textLayer")).getAttribute("textContent"))
                .contains("Hello PDF preview");
        chromium.screenshot("artifacts-pdf");
        back();

        // HTML: in a frame sandboxed without same-origin, so its script runs in an opaque origin without cookies.
        WebElement html = open("/page.html", "html");
        WebElement frame = chromium.visible(html, testId("html-preview"));
        assertThat(frame.getDomAttribute("sandbox")).isEqualTo("allow-scripts");
        chromium.driver().switchTo().frame(frame);
        try {
            assertThat(chromium.visible(By.id("t")).getText()).isEqualTo("Hello from the agent");
            WebElement body = chromium.driver().findElement(By.tagName("body"));
            chromium.until(d -> body.getDomAttribute("data-cookie") != null);
            assertThat(body.getDomAttribute("data-origin")).isEqualTo("null");
            assertThat(body.getDomAttribute("data-cookie")).isEqualTo("blocked");
        } finally {
            chromium.driver().switchTo().defaultContent();
        }
        chromium.screenshot("artifacts-html");
        back();

        // The whole workspace as a zip, downloaded by the browser (once the run's export has made it).
        await().atMost(WAIT).until(() -> !user.get("/api/v1/sessions/" + sessionId + "/workspace/archive").ok()
                .path("url").isNull());
        // Chromium's download manager does not send the X-User-Id header this test's stand-in for a trusted proxy adds
        // through DevTools (a real proxy or the session cookie would be there), so the test takes the link the button
        // follows and reads it as the page does.
        js().executeScript("window.__pocoDownloads = [];"
                + " HTMLAnchorElement.prototype.click = function () { window.__pocoDownloads.push("
                + " { href: this.getAttribute('href'), name: this.download }); };");
        chromium.click(testId("files-download-zip"));
        @SuppressWarnings("unchecked")
        Map<String, String> link = chromium.until(d -> {
            List<Map<String, String>> seen = (List<Map<String, String>>) js().executeScript("return window.__pocoDownloads;");
            return seen.isEmpty() ? null : seen.getFirst();
        });
        assertThat(link).containsEntry("name", "workspace-" + sessionId + ".zip")
                .containsEntry("href", "/api/v1/sessions/" + sessionId + "/workspace/archive.zip");
        String zipped = (String) js().executeAsyncScript("const done = arguments[arguments.length - 1];"
                + " fetch(arguments[0]).then(r => r.arrayBuffer()).then(b => { const u = new Uint8Array(b); let s = '';"
                + " for (let i = 0; i < u.length; i++) s += String.fromCharCode(u[i]); done(btoa(s)); },"
                + " e => done('error: ' + e));", link.get("href"));
        byte[] zip = Base64.getDecoder().decode(zipped);
        Map<String, byte[]> entries = unzip(zip);
        assertThat(entries).containsKeys(files.keySet().toArray(String[]::new));
        files.forEach((name, bytes) -> assertThat(entries.get(name)).as(name).isEqualTo(bytes));

        // The Computer panel's timeline: the terminal step, filtered by kind.
        chromium.click(testId("computer-toggle"));
        chromium.visible(testId("computer-view", "kind", "terminal"));
        assertThat(chromium.visible(testId("computer-filter-option", "filter", "terminal")).getText()).endsWith("1");
        chromium.click(testId("computer-filter-option", "filter", "browser"));
        assertThat(chromium.visible(testId("computer-empty")).getText()).isEqualTo("No steps of this kind yet.");
        chromium.click(testId("computer-filter-option", "filter", "all"));
        chromium.visible(testId("computer-view", "kind", "terminal"));
        chromium.screenshot("artifacts-computer");
    }

    /** Opens a file from the tree and returns its preview, checking the previewer it chose. */
    private WebElement open(String path, String kind) {
        chromium.click(testId("file-tree-item", "path", path));
        WebElement preview = chromium.visible(testId("file-preview", "path", path));
        assertThat(preview.getDomAttribute("data-kind")).isEqualTo(kind);
        return preview;
    }

    private void back() {
        chromium.click(By.cssSelector("[data-testid='file-preview'] button[aria-label='Back to files']"));
        chromium.visible(testId("files-panel"));
    }

    private JavascriptExecutor js() {
        return (JavascriptExecutor) chromium.driver();
    }

    private String runToEnd(String prompt) {
        String sessionId = user.post("/api/v1/tasks", Map.of("prompt", prompt)).ok().path("session_id").asString();
        String[] status = new String[1];
        await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(() -> {
            status[0] = user.get("/api/v1/sessions/" + sessionId).ok().path("status").asString();
            return !ACTIVE.contains(status[0]);
        });
        assertThat(status[0]).isEqualTo("completed");
        return sessionId;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** A one-page PDF 1.4 showing {@code text} in Helvetica, with a correct cross-reference table. */
    static byte[] pdf(String text) {
        String content = "BT /F1 18 Tf 20 60 Td (" + text + ") Tj ET\n";
        List<String> objects = List.of(
                "<< /Type /Catalog /Pages 2 0 R >>",
                "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 320 120] /Contents 4 0 R"
                        + " /Resources << /Font << /F1 5 0 R >> >> >>",
                "<< /Length " + content.length() + " >>\nstream\n" + content + "endstream",
                "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>");
        StringBuilder out = new StringBuilder("%PDF-1.4\n");
        List<Integer> offsets = new ArrayList<>();
        for (int i = 0; i < objects.size(); i++) {
            offsets.add(out.length());
            out.append(i + 1).append(" 0 obj\n").append(objects.get(i)).append("\nendobj\n");
        }
        int xref = out.length();
        out.append("xref\n0 ").append(objects.size() + 1).append("\n0000000000 65535 f \n");
        offsets.forEach(o -> out.append(String.format("%010d 00000 n \n", o)));
        out.append("trailer\n<< /Size ").append(objects.size() + 1).append(" /Root 1 0 R >>\nstartxref\n")
                .append(xref).append("\n%%EOF\n");
        return out.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    /** A DOCX: the package's content types and relationships, and a document of plain paragraphs. */
    static byte[] docx(List<String> paragraphs) {
        String body = paragraphs.stream().map(p -> "<w:p><w:r><w:t>" + p + "</w:t></w:r></w:p>")
                .collect(Collectors.joining());
        return zip(Map.of(
                "[Content_Types].xml", XML + "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
                        + "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
                        + "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
                        + "<Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-"
                        + "officedocument.wordprocessingml.document.main+xml\"/></Types>",
                "_rels/.rels", relationships("http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument",
                        "word/document.xml"),
                "word/document.xml", XML + "<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">"
                        + "<w:body>" + body + "</w:body></w:document>"));
    }

    /** An XLSX of one sheet, "Sales": strings inline, numbers as values. */
    static byte[] xlsx(List<List<Object>> rows) {
        StringBuilder data = new StringBuilder();
        for (int r = 0; r < rows.size(); r++) {
            data.append("<row r=\"").append(r + 1).append("\">");
            for (int c = 0; c < rows.get(r).size(); c++) {
                Object v = rows.get(r).get(c);
                String ref = (char) ('A' + c) + Integer.toString(r + 1);
                data.append(v instanceof Number
                        ? "<c r=\"" + ref + "\"><v>" + v + "</v></c>"
                        : "<c r=\"" + ref + "\" t=\"inlineStr\"><is><t>" + v + "</t></is></c>");
            }
            data.append("</row>");
        }
        String rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/";
        return zip(Map.of(
                "[Content_Types].xml", XML + "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
                        + "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
                        + "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
                        + "<Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-"
                        + "officedocument.spreadsheetml.sheet.main+xml\"/>"
                        + "<Override PartName=\"/xl/worksheets/sheet1.xml\" ContentType=\"application/vnd.openxmlformats-"
                        + "officedocument.spreadsheetml.worksheet+xml\"/></Types>",
                "_rels/.rels", relationships(rel + "officeDocument", "xl/workbook.xml"),
                "xl/workbook.xml", XML + "<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\""
                        + " xmlns:r=\"" + rel.substring(0, rel.length() - 1) + "\">"
                        + "<sheets><sheet name=\"Sales\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>",
                "xl/_rels/workbook.xml.rels", relationships(rel + "worksheet", "worksheets/sheet1.xml"),
                "xl/worksheets/sheet1.xml", XML + "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
                        + "<sheetData>" + data + "</sheetData></worksheet>"));
    }

    private static String relationships(String type, String target) {
        return XML + "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
                + "<Relationship Id=\"rId1\" Type=\"" + type + "\" Target=\"" + target + "\"/></Relationships>";
    }

    private static byte[] zip(Map<String, String> entries) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, String> e : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey()));
                zip.write(utf8(e.getValue()));
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static Map<String, byte[]> unzip(byte[] zip) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                if (!e.isDirectory()) {
                    entries.put(e.getName().replaceFirst("^\\./", ""), in.readAllBytes());
                }
            }
        }
        return entries;
    }
}
