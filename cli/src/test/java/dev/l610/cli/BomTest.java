package dev.l610.cli;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** bom/pom.xml (l610-bom, for users' builds) stays in step with the build: every artifact, the same version, the same Netty. */
class BomTest {

    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();

    private static Document read(Path pom) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(pom.toFile());
    }

    /** Text of the first direct child {@code name} of {@code parent}. */
    private static String child(Element parent, String name) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(name)) {
                return e.getTextContent().trim();
            }
        }
        return null;
    }

    private static List<String> texts(Document d, String tag) {
        List<String> out = new ArrayList<>();
        NodeList l = d.getElementsByTagName(tag);
        for (int i = 0; i < l.getLength(); i++) {
            out.add(l.item(i).getTextContent().trim());
        }
        return out;
    }

    @Test
    void theBomManagesEveryPublishedArtifactAtTheBuildsVersionsAndPinsNetty() throws Exception {
        assertThat(ROOT.resolve("bom/pom.xml")).exists();
        Document parent = read(ROOT.resolve("pom.xml"));
        Document bom = read(ROOT.resolve("bom/pom.xml"));
        List<String> modules = texts(parent, "module");
        assertThat(modules).contains("bom");

        List<String> managed = new ArrayList<>();
        NodeList deps = bom.getElementsByTagName("dependency");
        for (int i = 0; i < deps.getLength(); i++) {
            Element d = (Element) deps.item(i);
            managed.add(child(d, "groupId") + ":" + child(d, "artifactId") + ":" + child(d, "version"));
        }
        for (String module : modules) {
            if (module.equals("bom") || module.equals("bench") || module.equals("it")) {
                continue; // the BOM itself; the benchmarks and the consumer build (it) are not for users' builds
            }
            String artifact = child(read(ROOT.resolve(module).resolve("pom.xml")).getDocumentElement(), "artifactId");
            assertThat(managed).as("l610-bom manages " + artifact).contains("dev.l610:" + artifact + ":${project.version}");
        }
        assertThat(managed).contains("io.netty:netty-bom:${netty.version}");

        Element p = parent.getDocumentElement();
        Element b = bom.getDocumentElement();
        assertThat(child(b, "artifactId")).isEqualTo("l610-bom");
        assertThat(child(b, "packaging")).isEqualTo("pom");
        assertThat(child(b, "version")).as("l610-bom's version").isEqualTo(child(p, "version"));
        assertThat(texts(bom, "netty.version")).as("Netty of l610-bom").isEqualTo(texts(parent, "netty.version"));
        assertThat(Files.readString(ROOT.resolve("bom/pom.xml"))).doesNotContain("<parent>");
    }
}
