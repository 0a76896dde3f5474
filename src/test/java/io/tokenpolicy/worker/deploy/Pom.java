package io.tokenpolicy.worker.deploy;

import java.nio.file.Path;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/** The few coordinates of pom.xml that the container files depend on. */
record Pom(String artifactId, String version, String javaVersion) {

    static Pom read() {
        try {
            Document pom = DocumentBuilderFactory.newInstance()
                    .newDocumentBuilder()
                    .parse(Path.of("pom.xml").toFile());
            Element project = pom.getDocumentElement();
            return new Pom(
                    child(project, "artifactId"),
                    child(project, "version"),
                    child((Element) project.getElementsByTagName("properties").item(0), "java.version"));
        } catch (Exception unreadable) {
            throw new IllegalStateException("pom.xml cannot be read", unreadable);
        }
    }

    /** The jar spring-boot-maven-plugin writes to target/. */
    String jarName() {
        return artifactId + "-" + version + ".jar";
    }

    private static String child(Element parent, String name) {
        for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element element && element.getTagName().equals(name)) {
                return element.getTextContent().strip();
            }
        }
        throw new IllegalStateException("pom.xml has no " + name + " under " + parent.getTagName());
    }
}
