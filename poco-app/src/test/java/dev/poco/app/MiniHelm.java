package dev.poco.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * Renders the Helm chart in deploy/helm/poco where no {@code helm} binary is at hand (HelmChartTest compares it with
 * {@code helm template} where there is one). It implements the part of Go's text/template and Helm's functions that
 * the chart uses, with their semantics, and refuses everything else when a template is <em>parsed</em>, so that a
 * construct it does not know fails the test even in a branch the test does not take:
 * <ul>
 *   <li>actions ("{{ pipeline }}") with Go's trim markers ("{{- ", " -}}"), and comments ("{{/* … *&#47;}}");
 *   <li>define, if / else if / else / end, with / else / end, variables ("$x := …") and "$" (the template's data);
 *   <li>fields ({@code .Values.a.b}, {@code .Chart.AppVersion}, {@code .Release.Name}, {@code .Release.Namespace},
 *       {@code .Release.Service}), string, number and boolean literals, parentheses and pipes;
 *   <li>functions include, quote, default, required, fail, toYaml, nindent, indent, printf (%s %v %d), trunc,
 *       trimSuffix, join, contains, eq, ne, not, and, or.
 * </ul>
 * Stricter than Helm in one way: a field missing from its map is an error (Helm prints nothing), which catches a
 * template naming a value that values.yaml does not have.
 */
final class MiniHelm {

    static final Set<String> FUNCTIONS = Set.of("include", "quote", "default", "required", "fail", "toYaml", "nindent",
            "indent", "printf", "trunc", "trimSuffix", "join", "contains", "eq", "ne", "not", "and", "or");

    /** A template the renderer cannot or must not render, or one that called {@code required} / {@code fail}. */
    static final class TemplateException extends RuntimeException {
        TemplateException(String message) {
            super(message);
        }
    }

    /** The rendered files by name (templates/x.yaml, templates/NOTES.txt); helper files (_*.tpl) render nothing. */
    static Map<String, String> render(Path chartDir, String release, String namespace, Map<String, Object> overrides) {
        Map<String, Object> chartYaml = loadMap(chartDir.resolve("Chart.yaml"));
        Map<String, Object> values = loadMap(chartDir.resolve("values.yaml"));
        mergeInto(values, overrides);
        Map<String, Object> chart = new LinkedHashMap<>();
        chart.put("Name", chartYaml.get("name"));
        chart.put("Version", chartYaml.get("version"));
        chart.put("AppVersion", chartYaml.get("appVersion"));
        Map<String, Object> rel = new LinkedHashMap<>();
        rel.put("Name", release);
        rel.put("Namespace", namespace);
        rel.put("Service", "Helm");
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("Values", values);
        root.put("Chart", chart);
        root.put("Release", rel);

        Map<String, List<Node>> files = new TreeMap<>();
        Map<String, List<Node>> defines = new HashMap<>();
        try (Stream<Path> list = Files.list(chartDir.resolve("templates"))) {
            for (Path file : list.sorted().toList()) {
                String name = "templates/" + file.getFileName();
                files.put(name, parse(name, Files.readString(file), defines));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> out = new TreeMap<>();
        for (Map.Entry<String, List<Node>> file : files.entrySet()) {
            String base = file.getKey().substring("templates/".length());
            if (base.startsWith("_")) {
                continue;
            }
            StringBuilder sb = new StringBuilder();
            new Renderer(defines).exec(file.getValue(), new Scope(root, root, null), sb);
            out.put(file.getKey(), sb.toString());
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> loadMap(Path file) {
        try {
            Map<String, Object> map = new Yaml().load(Files.readString(file));
            return map == null ? new LinkedHashMap<>() : map;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    static void mergeInto(Map<String, Object> target, Map<String, Object> overrides) {
        for (Map.Entry<String, Object> e : overrides.entrySet()) {
            Object old = target.get(e.getKey());
            if (old instanceof Map<?, ?> o && e.getValue() instanceof Map<?, ?> n) {
                Map<String, Object> copy = new LinkedHashMap<>((Map<String, Object>) o);
                mergeInto(copy, (Map<String, Object>) n);
                target.put(e.getKey(), copy);
            } else {
                target.put(e.getKey(), e.getValue());
            }
        }
    }

    // ---- parsing --------------------------------------------------------------------------------------------

    sealed interface Node {}

    record Text(String text) implements Node {}

    record Output(Pipeline pipeline) implements Node {}

    record Branch(Pipeline condition, List<Node> body) {}

    record If(List<Branch> branches, List<Node> otherwise) implements Node {}

    record With(Pipeline value, List<Node> body, List<Node> otherwise) implements Node {}

    /** {@code $var := commands}, or just commands when var is null. */
    record Pipeline(@Nullable String declares, List<List<Arg>> commands) {}

    sealed interface Arg {}

    record Literal(@Nullable Object value) implements Arg {}

    /** {@code .a.b} from dot (an empty path is dot itself). */
    record Field(List<String> path) implements Arg {}

    /** {@code $name.a.b}; {@code $} is the name "". */
    record Variable(String name, List<String> path) implements Arg {}

    record Function(String name) implements Arg {}

    record Sub(Pipeline pipeline) implements Arg {}

    private record Action(String body) {}

    static List<Node> parse(String file, String source, Map<String, List<Node>> defines) {
        List<Object> tokens = lex(file, source);
        Parser parser = new Parser(file, tokens, defines);
        List<Node> nodes = parser.block(Set.of());
        if (parser.pos < tokens.size()) {
            throw new TemplateException(file + ": unexpected {{ " + ((Action) tokens.get(parser.pos)).body() + " }}");
        }
        return nodes;
    }

    /** Text and actions, with Go's trim markers applied to the neighbouring text; comments dropped. */
    private static List<Object> lex(String file, String s) {
        List<Object> out = new ArrayList<>();
        int i = 0;
        boolean trimNext = false;
        while (i < s.length()) {
            int open = s.indexOf("{{", i);
            String text = open < 0 ? s.substring(i) : s.substring(i, open);
            if (trimNext) {
                text = text.stripLeading();
            }
            if (open < 0) {
                out.add(text);
                break;
            }
            int start = open + 2;
            boolean trimLeft = false;
            if (s.startsWith("-", start)) {
                if (start + 1 >= s.length() || !Character.isWhitespace(s.charAt(start + 1))) {
                    throw new TemplateException(file + ": \"{{-\" must be followed by a space");
                }
                trimLeft = true;
                start++;
            }
            int close = findClose(file, s, start);
            int end = close;
            boolean trimRight = false;
            if (close - 1 >= start && s.charAt(close - 1) == '-' && Character.isWhitespace(s.charAt(close - 2))) {
                trimRight = true;
                end = close - 1;
            }
            if (trimLeft) {
                text = text.stripTrailing();
            }
            out.add(text);
            String body = s.substring(start, end).strip();
            if (body.startsWith("/*")) {
                if (!body.endsWith("*/")) {
                    throw new TemplateException(file + ": a comment must be the whole action: {{/* … */}}");
                }
            } else {
                out.add(new Action(body));
            }
            trimNext = trimRight;
            i = close + 2;
        }
        return out;
    }

    private static int findClose(String file, String s, int from) {
        boolean inString = false;
        for (int i = from; i < s.length() - 1; i++) {
            char c = s.charAt(i);
            if (inString) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
            } else if (c == '/' && s.startsWith("/*", i)) {
                int endComment = s.indexOf("*/", i + 2);
                if (endComment < 0) {
                    throw new TemplateException(file + ": unclosed comment");
                }
                i = endComment + 1;
            } else if (c == '}' && s.charAt(i + 1) == '}') {
                return i;
            }
        }
        throw new TemplateException(file + ": unclosed action");
    }

    private static final class Parser {
        final String file;
        final List<Object> tokens;
        final Map<String, List<Node>> defines;
        int pos;
        /** The keyword that ended the last block: end, else, or "else if …". */
        @Nullable String stoppedAt;

        Parser(String file, List<Object> tokens, Map<String, List<Node>> defines) {
            this.file = file;
            this.tokens = tokens;
            this.defines = defines;
        }

        /** Nodes until one of {@code stops} (consumed, kept in stoppedAt) or the end when stops is empty. */
        List<Node> block(Set<String> stops) {
            List<Node> nodes = new ArrayList<>();
            while (pos < tokens.size()) {
                Object t = tokens.get(pos++);
                if (t instanceof String text) {
                    if (!text.isEmpty()) {
                        nodes.add(new Text(text));
                    }
                    continue;
                }
                String body = ((Action) t).body();
                String keyword = body.split("\\s+", 2)[0];
                String rest = body.substring(keyword.length()).strip();
                switch (keyword) {
                    case "end", "else" -> {
                        if (!stops.contains(keyword)) {
                            throw new TemplateException(file + ": unexpected {{ " + body + " }}");
                        }
                        stoppedAt = body;
                        return nodes;
                    }
                    case "if" -> nodes.add(parseIf(rest));
                    case "with" -> {
                        Pipeline value = expression(rest);
                        List<Node> inner = block(Set.of("end", "else"));
                        List<Node> otherwise = List.of();
                        if (!"end".equals(stoppedAt)) {
                            if (!"else".equals(stoppedAt)) {
                                throw new TemplateException(file + ": only a plain else may follow with: " + stoppedAt);
                            }
                            otherwise = block(Set.of("end"));
                        }
                        nodes.add(new With(value, inner, otherwise));
                    }
                    case "define" -> {
                        if (!stops.isEmpty()) {
                            throw new TemplateException(file + ": define inside a block");
                        }
                        Object name = ((Literal) single(expression(rest))).value();
                        List<Node> inner = block(Set.of("end"));
                        defines.put((String) name, inner);
                    }
                    case "range", "template", "block", "break", "continue", "tpl" ->
                        throw new TemplateException(file + ": {{ " + keyword + " }} is not supported by MiniHelm");
                    default -> nodes.add(new Output(expression(body)));
                }
            }
            if (!stops.isEmpty()) {
                throw new TemplateException(file + ": missing {{ end }}");
            }
            return nodes;
        }

        private If parseIf(String condition) {
            List<Branch> branches = new ArrayList<>();
            String cond = condition;
            while (true) {
                Pipeline p = expression(cond);
                List<Node> inner = block(Set.of("end", "else"));
                branches.add(new Branch(p, inner));
                String stop = stoppedAt;
                if ("end".equals(stop)) {
                    return new If(branches, List.of());
                }
                if ("else".equals(stop)) {
                    return new If(branches, block(Set.of("end")));
                }
                if (stop != null && stop.startsWith("else if ")) {
                    cond = stop.substring("else if ".length()).strip();
                    continue;
                }
                throw new TemplateException(file + ": unsupported {{ " + stop + " }}");
            }
        }

        private Arg single(Pipeline p) {
            if (p.commands().size() != 1 || p.commands().get(0).size() != 1) {
                throw new TemplateException(file + ": expected one value");
            }
            return p.commands().get(0).get(0);
        }

        Pipeline expression(String source) {
            ExprLexer lexer = new ExprLexer(file, source);
            Pipeline p = lexer.pipeline();
            if (lexer.pos < source.length()) {
                throw new TemplateException(file + ": cannot parse \"" + source + "\" at " + source.substring(lexer.pos));
            }
            return p;
        }
    }

    /** The inside of an action: [$var :=] command (| command)*; a command is args separated by spaces. */
    private static final class ExprLexer {
        final String file;
        final String s;
        int pos;

        ExprLexer(String file, String s) {
            this.file = file;
            this.s = s;
        }

        Pipeline pipeline() {
            skip();
            String declares = null;
            if (peek() == '$') {
                int save = pos;
                String name = word(pos + 1);
                int after = pos + 1 + name.length();
                pos = after;
                skip();
                if (s.startsWith(":=", pos)) {
                    declares = name;
                    pos += 2;
                } else {
                    pos = save;
                }
            }
            List<List<Arg>> commands = new ArrayList<>();
            List<Arg> command = new ArrayList<>();
            while (true) {
                skip();
                if (pos >= s.length() || peek() == ')') {
                    break;
                }
                char c = peek();
                if (c == '|') {
                    pos++;
                    if (command.isEmpty()) {
                        throw new TemplateException(file + ": empty command in \"" + s + "\"");
                    }
                    commands.add(command);
                    command = new ArrayList<>();
                } else {
                    command.add(arg());
                }
            }
            if (command.isEmpty()) {
                throw new TemplateException(file + ": empty command in \"" + s + "\"");
            }
            commands.add(command);
            for (int i = 0; i < commands.size(); i++) {
                List<Arg> cmd = commands.get(i);
                if (cmd.size() > 1 && !(cmd.get(0) instanceof Function)) {
                    throw new TemplateException(file + ": \"" + s + "\": arguments after a value that is not a function");
                }
                if (i > 0 && !(cmd.get(0) instanceof Function)) {
                    throw new TemplateException(file + ": \"" + s + "\": only a function can take a piped value");
                }
            }
            return new Pipeline(declares, commands);
        }

        private Arg arg() {
            char c = peek();
            if (c == '(') {
                pos++;
                Pipeline inner = pipeline();
                skip();
                if (peek() != ')') {
                    throw new TemplateException(file + ": missing ) in \"" + s + "\"");
                }
                pos++;
                return new Sub(inner);
            }
            if (c == '"') {
                StringBuilder sb = new StringBuilder();
                pos++;
                while (pos < s.length() && s.charAt(pos) != '"') {
                    char ch = s.charAt(pos++);
                    if (ch == '\\') {
                        char esc = s.charAt(pos++);
                        sb.append(switch (esc) {
                            case 'n' -> '\n';
                            case 't' -> '\t';
                            case '"', '\\' -> esc;
                            default -> throw new TemplateException(file + ": unsupported escape \\" + esc);
                        });
                    } else {
                        sb.append(ch);
                    }
                }
                if (pos >= s.length()) {
                    throw new TemplateException(file + ": unclosed string in \"" + s + "\"");
                }
                pos++;
                return new Literal(sb.toString());
            }
            if (c == '.') {
                return new Field(path());
            }
            if (c == '$') {
                String name = word(pos + 1);
                pos += 1 + name.length();
                return new Variable(name, path());
            }
            if (Character.isDigit(c) || c == '-') {
                int start = pos;
                pos++;
                while (pos < s.length() && Character.isDigit(s.charAt(pos))) {
                    pos++;
                }
                return new Literal(Long.parseLong(s.substring(start, pos)));
            }
            String name = word(pos);
            if (name.isEmpty()) {
                throw new TemplateException(file + ": unexpected '" + c + "' in \"" + s + "\"");
            }
            pos += name.length();
            return switch (name) {
                case "true" -> new Literal(Boolean.TRUE);
                case "false" -> new Literal(Boolean.FALSE);
                case "nil" -> new Literal(null);
                default -> {
                    if (!FUNCTIONS.contains(name)) {
                        throw new TemplateException(file + ": function \"" + name + "\" is not supported by MiniHelm");
                    }
                    yield new Function(name);
                }
            };
        }

        /** .a.b.c from the current position ("." alone: an empty path). */
        private List<String> path() {
            List<String> path = new ArrayList<>();
            while (pos < s.length() && s.charAt(pos) == '.') {
                String name = word(pos + 1);
                pos += 1 + name.length();
                if (name.isEmpty()) {
                    if (!path.isEmpty()) {
                        throw new TemplateException(file + ": bad field in \"" + s + "\"");
                    }
                    break;
                }
                path.add(name);
            }
            return path;
        }

        private String word(int from) {
            int i = from;
            while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_')) {
                i++;
            }
            return s.substring(from, i);
        }

        private char peek() {
            return pos < s.length() ? s.charAt(pos) : '\0';
        }

        private void skip() {
            while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
                pos++;
            }
        }
    }

    // ---- evaluation -----------------------------------------------------------------------------------------

    private record Scope(@Nullable Object dot, @Nullable Object dollar, @Nullable Scope parent, Map<String, Object> vars) {
        Scope(@Nullable Object dot, @Nullable Object dollar, @Nullable Scope parent) {
            this(dot, dollar, parent, new HashMap<>());
        }

        Scope child(@Nullable Object newDot) {
            return new Scope(newDot, dollar, this);
        }

        @Nullable Object variable(String name) {
            if (name.isEmpty()) {
                return dollar;
            }
            for (Scope s = this; s != null; s = s.parent()) {
                if (s.vars().containsKey(name)) {
                    return s.vars().get(name);
                }
            }
            throw new TemplateException("undefined variable $" + name);
        }
    }

    private static final class Renderer {
        final Map<String, List<Node>> defines;

        Renderer(Map<String, List<Node>> defines) {
            this.defines = defines;
        }

        void exec(List<Node> nodes, Scope scope, StringBuilder out) {
            for (Node node : nodes) {
                switch (node) {
                    case Text t -> out.append(t.text());
                    case Output o -> {
                        Object v = eval(o.pipeline(), scope);
                        if (o.pipeline().declares() != null) {
                            scope.vars().put(o.pipeline().declares(), v);
                        } else {
                            out.append(print(v));
                        }
                    }
                    case If i -> {
                        boolean done = false;
                        for (Branch b : i.branches()) {
                            if (truthy(eval(b.condition(), scope))) {
                                exec(b.body(), scope.child(scope.dot()), out);
                                done = true;
                                break;
                            }
                        }
                        if (!done) {
                            exec(i.otherwise(), scope.child(scope.dot()), out);
                        }
                    }
                    case With w -> {
                        Object v = eval(w.value(), scope);
                        if (truthy(v)) {
                            exec(w.body(), scope.child(v), out);
                        } else {
                            exec(w.otherwise(), scope.child(scope.dot()), out);
                        }
                    }
                }
            }
        }

        @Nullable Object eval(Pipeline p, Scope scope) {
            Object piped = null;
            boolean first = true;
            for (List<Arg> command : p.commands()) {
                piped = command(command, scope, piped, !first);
                first = false;
            }
            return piped;
        }

        private @Nullable Object command(List<Arg> cmd, Scope scope, @Nullable Object piped, boolean hasPiped) {
            if (cmd.get(0) instanceof Function f) {
                List<Object> args = new ArrayList<>();
                for (Arg a : cmd.subList(1, cmd.size())) {
                    args.add(value(a, scope));
                }
                if (hasPiped) {
                    args.add(piped);
                }
                return call(f.name(), args, scope);
            }
            return value(cmd.get(0), scope);
        }

        private @Nullable Object value(Arg a, Scope scope) {
            return switch (a) {
                case Literal l -> l.value();
                case Field f -> walk(scope.dot(), f.path(), ".");
                case Variable v -> walk(scope.variable(v.name()), v.path(), "$" + v.name());
                case Sub s -> eval(s.pipeline(), scope);
                case Function f -> call(f.name(), List.of(), scope);
            };
        }

        private static @Nullable Object walk(@Nullable Object from, List<String> path, String start) {
            Object v = from;
            StringBuilder where = new StringBuilder(start);
            for (String key : path) {
                if (!(v instanceof Map<?, ?> map)) {
                    throw new TemplateException("nil pointer evaluating " + where + "." + key);
                }
                if (!map.containsKey(key)) {
                    throw new TemplateException("no value " + where + (where.toString().endsWith(".") ? "" : ".")
                            + key + " (MiniHelm wants every value the chart reads in values.yaml)");
                }
                v = map.get(key);
                where.append(where.toString().endsWith(".") ? "" : ".").append(key);
            }
            return v;
        }

        private @Nullable Object call(String name, List<Object> args, Scope scope) {
            return switch (name) {
                case "include" -> {
                    arity(name, args, 2);
                    List<Node> body = defines.get((String) args.get(0));
                    if (body == null) {
                        throw new TemplateException("no template \"" + args.get(0) + "\"");
                    }
                    StringBuilder sb = new StringBuilder();
                    exec(body, new Scope(args.get(1), args.get(1), null), sb);
                    yield sb.toString();
                }
                case "quote" -> {
                    StringBuilder sb = new StringBuilder();
                    for (Object a : args) {
                        if (a == null) {
                            continue;
                        }
                        if (!sb.isEmpty()) {
                            sb.append(' ');
                        }
                        sb.append('"').append(print(a).replace("\\", "\\\\").replace("\"", "\\\"")
                                .replace("\n", "\\n")).append('"');
                    }
                    yield sb.toString();
                }
                case "default" -> {
                    arity(name, args, 2);
                    yield truthy(args.get(1)) ? args.get(1) : args.get(0);
                }
                case "required" -> {
                    arity(name, args, 2);
                    Object v = args.get(1);
                    if (v == null || (v instanceof String str && str.isEmpty())) {
                        throw new TemplateException((String) args.get(0));
                    }
                    yield v;
                }
                case "fail" -> throw new TemplateException((String) args.get(0));
                case "toYaml" -> {
                    arity(name, args, 1);
                    DumperOptions options = new DumperOptions();
                    options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
                    options.setIndent(2);
                    options.setSplitLines(false);
                    String yaml = new Yaml(options).dump(args.get(0));
                    yield yaml.endsWith("\n") ? yaml.substring(0, yaml.length() - 1) : yaml;
                }
                case "nindent" -> {
                    arity(name, args, 2);
                    yield "\n" + indent(number(args.get(0)), print(args.get(1)));
                }
                case "indent" -> {
                    arity(name, args, 2);
                    yield indent(number(args.get(0)), print(args.get(1)));
                }
                case "printf" -> {
                    String format = (String) args.get(0);
                    StringBuilder sb = new StringBuilder();
                    int next = 1;
                    for (int i = 0; i < format.length(); i++) {
                        char c = format.charAt(i);
                        if (c != '%') {
                            sb.append(c);
                            continue;
                        }
                        char verb = format.charAt(++i);
                        switch (verb) {
                            case 's', 'v', 'd' -> sb.append(print(args.get(next++)));
                            case '%' -> sb.append('%');
                            default -> throw new TemplateException("printf verb %" + verb + " is not supported");
                        }
                    }
                    if (next != args.size()) {
                        throw new TemplateException("printf \"" + format + "\": wrong number of arguments");
                    }
                    yield sb.toString();
                }
                case "trunc" -> {
                    arity(name, args, 2);
                    String str = print(args.get(1));
                    int n = number(args.get(0));
                    yield str.length() > n ? str.substring(0, n) : str;
                }
                case "trimSuffix" -> {
                    arity(name, args, 2);
                    String str = print(args.get(1));
                    String suffix = (String) args.get(0);
                    yield str.endsWith(suffix) ? str.substring(0, str.length() - suffix.length()) : str;
                }
                case "join" -> {
                    arity(name, args, 2);
                    if (!(args.get(1) instanceof List<?> list)) {
                        throw new TemplateException("join needs a list");
                    }
                    yield String.join((String) args.get(0), list.stream().map(Renderer::print).toList());
                }
                case "contains" -> {
                    arity(name, args, 2);
                    yield print(args.get(1)).contains(print(args.get(0)));
                }
                case "eq", "ne" -> {
                    arity(name, args, 2);
                    boolean eq = comparable(args.get(0)).equals(comparable(args.get(1)));
                    yield name.equals("eq") == eq;
                }
                case "not" -> {
                    arity(name, args, 1);
                    yield !truthy(args.get(0));
                }
                case "and" -> {
                    Object last = null;
                    for (Object a : args) {
                        if (!truthy(a)) {
                            yield a;
                        }
                        last = a;
                    }
                    yield last;
                }
                case "or" -> {
                    Object last = null;
                    for (Object a : args) {
                        if (truthy(a)) {
                            yield a;
                        }
                        last = a;
                    }
                    yield last;
                }
                default -> throw new TemplateException("function \"" + name + "\" is not supported by MiniHelm");
            };
        }

        private static void arity(String name, List<Object> args, int n) {
            if (args.size() != n) {
                throw new TemplateException(name + " takes " + n + " arguments, got " + args.size());
            }
        }

        private static Object comparable(@Nullable Object v) {
            if (v instanceof Number n) {
                return n.doubleValue();
            }
            return v == null ? "<nil>" : v;
        }

        private static int number(@Nullable Object v) {
            if (v instanceof Number n) {
                return n.intValue();
            }
            throw new TemplateException("not a number: " + v);
        }

        private static String indent(int n, String s) {
            String pad = " ".repeat(n);
            return pad + s.replace("\n", "\n" + pad);
        }

        static boolean truthy(@Nullable Object v) {
            return switch (v) {
                case null -> false;
                case Boolean b -> b;
                case Number n -> n.doubleValue() != 0;
                case String s -> !s.isEmpty();
                case Map<?, ?> m -> !m.isEmpty();
                case List<?> l -> !l.isEmpty();
                default -> true;
            };
        }

        /** Go's %v for the scalars the chart prints; a map or list printed as text is a template bug. */
        static String print(@Nullable Object v) {
            return switch (v) {
                case null -> "";
                case Double d when d == Math.rint(d) && !d.isInfinite() -> Long.toString(d.longValue());
                case Number n -> n.toString();
                case Boolean b -> b.toString();
                case String s -> s;
                default -> throw new TemplateException("printing " + v.getClass().getSimpleName() + " " + v
                        + " as text (use toYaml)");
            };
        }
    }

    private MiniHelm() {}
}
