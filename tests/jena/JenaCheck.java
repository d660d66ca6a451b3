// An independent reading of the project's RDF, by Apache Jena (used by tests/test_linked_data.py).
//   JenaCheck ntriples FILE            parse FILE (format from its extension) and print it as N-Triples
//   JenaCheck rdfs ONTOLOGY DATA       validate DATA under the RDFS reasoner with ONTOLOGY: "valid" or the reports
//   JenaCheck shacl SHAPES DATA        validate DATA with SHAPES: "conforms" or one line per violation
//   JenaCheck jsonld IN OUT            read IN and write it again as JSON-LD to OUT (another tool's serialisation)
import java.io.FileOutputStream;
import java.io.OutputStream;
import java.util.Iterator;
import org.apache.jena.graph.Graph;
import org.apache.jena.rdf.model.InfModel;
import org.apache.jena.rdf.model.Model;
import org.apache.jena.rdf.model.ModelFactory;
import org.apache.jena.reasoner.ValidityReport;
import org.apache.jena.riot.Lang;
import org.apache.jena.riot.RDFDataMgr;
import org.apache.jena.riot.RDFFormat;
import org.apache.jena.shacl.ShaclValidator;
import org.apache.jena.shacl.Shapes;
import org.apache.jena.shacl.ValidationReport;
import org.apache.jena.shacl.validation.ReportEntry;

public class JenaCheck {
    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "ntriples" -> RDFDataMgr.write(System.out, RDFDataMgr.loadModel(args[1]), Lang.NTRIPLES);
            case "rdfs" -> {
                Model ontology = RDFDataMgr.loadModel(args[1]);
                InfModel inferred = ModelFactory.createRDFSModel(ontology, RDFDataMgr.loadModel(args[2]));
                ValidityReport report = inferred.validate();
                if (report.isValid()) {
                    System.out.println("valid");
                } else {
                    for (Iterator<ValidityReport.Report> i = report.getReports(); i.hasNext(); ) {
                        System.out.println(i.next().toString().replace('\n', ' '));
                    }
                }
            }
            case "shacl" -> {
                Graph shapes = RDFDataMgr.loadGraph(args[1]);
                ValidationReport report = ShaclValidator.get().validate(Shapes.parse(shapes), RDFDataMgr.loadGraph(args[2]));
                if (report.conforms()) {
                    System.out.println("conforms");
                } else {
                    for (ReportEntry e : report.getEntries()) {
                        System.out.println(e.focusNode() + " " + e.resultPath() + " " + e.message());
                    }
                }
            }
            case "jsonld" -> {
                try (OutputStream out = new FileOutputStream(args[2])) {
                    RDFDataMgr.write(out, RDFDataMgr.loadModel(args[1]), RDFFormat.JSONLD11_PRETTY);
                }
            }
            default -> throw new IllegalArgumentException("unknown command " + args[0]);
        }
    }
}
