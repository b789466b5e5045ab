package dev.poco.server.support;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;

/** Zip archives for import tests, hostile ones included (names are written exactly as given). */
public final class Zips {

    private Zips() {}

    /** A zip of text files, names as given ({@code ../x} and {@code /x} included). */
    public static byte[] of(Map<String, String> files) {
        Map<String, byte[]> bytes = new LinkedHashMap<>();
        files.forEach((name, text) -> bytes.put(name, text.getBytes(StandardCharsets.UTF_8)));
        return ofBytes(bytes, false);
    }

    /** A zip of files; {@code stored} keeps them uncompressed (so the archive is as large as its content). */
    public static byte[] ofBytes(Map<String, byte[]> files, boolean stored) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipArchiveOutputStream zip = new ZipArchiveOutputStream(out)) {
            for (var file : files.entrySet()) {
                ZipArchiveEntry entry = new ZipArchiveEntry(file.getKey());
                if (stored) {
                    entry.setMethod(ZipEntry.STORED);
                    entry.setSize(file.getValue().length);
                    java.util.zip.CRC32 crc = new java.util.zip.CRC32();
                    crc.update(file.getValue());
                    entry.setCrc(crc.getValue());
                }
                zip.putArchiveEntry(entry);
                zip.write(file.getValue());
                zip.closeArchiveEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** A zip holding {@code SKILL.md} and a symbolic link {@code name} pointing at {@code target}. */
    public static byte[] withLink(String folder, String name, String target) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipArchiveOutputStream zip = new ZipArchiveOutputStream(out)) {
            ZipArchiveEntry skill = new ZipArchiveEntry(folder + "/SKILL.md");
            zip.putArchiveEntry(skill);
            zip.write("# skill\n".getBytes(StandardCharsets.UTF_8));
            zip.closeArchiveEntry();
            ZipArchiveEntry link = new ZipArchiveEntry(folder + "/" + name);
            link.setUnixMode(0120777);
            zip.putArchiveEntry(link);
            zip.write(target.getBytes(StandardCharsets.UTF_8));
            zip.closeArchiveEntry();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** The files of a zip, as text. */
    public static Map<String, String> read(byte[] zip) {
        Map<String, String> files = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            ZipEntry entry;
            while ((entry = in.getNextEntry()) != null) {
                files.put(entry.getName(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }
}
