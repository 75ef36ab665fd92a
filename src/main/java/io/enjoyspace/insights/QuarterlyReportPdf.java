package io.enjoyspace.insights;

import com.openhtmltopdf.pdfboxout.PdfRendererBuilder;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.thymeleaf.ITemplateEngine;
import org.thymeleaf.context.Context;

/**
 * Renders an XHTML Thymeleaf template to PDF with openhtmltopdf (PDFBox). Chinese needs a TrueType CJK font: the first
 * file of {@code enjoyspace.insights.report.cjk-fonts} that exists is embedded (by default Droid Sans Fallback from the
 * Debian package fonts-droid-fallback). Without one the PDF is still
 * written, Chinese characters showing as blanks, and a warning is logged once.
 */
@Component
class QuarterlyReportPdf {

    static final String CJK_FAMILY = "report-cjk";

    private static final Logger log = LoggerFactory.getLogger(QuarterlyReportPdf.class);

    private final ITemplateEngine templates;
    private final File cjkFont;

    QuarterlyReportPdf(
            ITemplateEngine templates,
            @Value("${enjoyspace.insights.report.cjk-fonts:"
                            + "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf,"
                            + "/usr/share/fonts-droid-fallback/truetype/DroidSansFallback.ttf}")
                    List<String> cjkFonts) {
        this.templates = templates;
        this.cjkFont = cjkFonts.stream()
                .map(String::trim)
                .filter(path -> !path.isEmpty())
                .map(File::new)
                .filter(File::isFile)
                .findFirst()
                .orElse(null);
        if (cjkFont == null) {
            log.warn(
                    "No CJK font found at {} (enjoyspace.insights.report.cjk-fonts): report PDFs will show Chinese as"
                            + " blanks. Install fonts-droid-fallback or point the setting at a TrueType CJK font.",
                    cjkFonts);
        }
    }

    boolean hasCjkFont() {
        return cjkFont != null;
    }

    byte[] render(String template, Map<String, Object> variables, Locale locale) {
        Context context = new Context(locale, variables);
        context.setVariable("cjkFamily", CJK_FAMILY);
        String html = templates.process(template, context);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            PdfRendererBuilder builder = new PdfRendererBuilder();
            builder.useFastMode();
            if (cjkFont != null) {
                builder.useFont(cjkFont, CJK_FAMILY);
            }
            builder.withHtmlContent(html, null);
            builder.toStream(out);
            builder.run();
        } catch (IOException failed) {
            throw new UncheckedIOException(failed);
        }
        return out.toByteArray();
    }
}
