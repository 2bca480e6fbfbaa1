// Renders chat templates with @huggingface/jinja, the reference Hearth's template engine is
// held to byte for byte (tests/inference/chat_template_reference_test.cpp).
//   node render_template.mjs TEMPLATE.jinja CONTEXT.json      prints the rendered text
//   node render_template.mjs --batch CASES.json               prints one JSON array:
//       CASES.json: [{"template": "path.jinja", "context": {...}}, ...]
//       output:     [{"text": "..."} or {"error": "..."}, ...] in the same order
import {readFileSync} from "node:fs";
import {Template} from "@huggingface/jinja";

function render(templatePath, context, cache) {
    let template = cache.get(templatePath);
    if (!template) {
        template = new Template(readFileSync(templatePath, "utf8"));
        cache.set(templatePath, template);
    }
    return template.render(context);
}

const args = process.argv.slice(2);
const cache = new Map();
if (args[0] === "--batch" && args.length === 2) {
    const cases = JSON.parse(readFileSync(args[1], "utf8"));
    const results = cases.map((c) => {
        try {
            return {text: render(c.template, c.context, cache)};
        } catch (error) {
            return {error: String(error?.message ?? error)};
        }
    });
    process.stdout.write(JSON.stringify(results));
} else if (args.length === 2) {
    process.stdout.write(render(args[0], JSON.parse(readFileSync(args[1], "utf8")), cache));
} else {
    console.error("usage: node render_template.mjs TEMPLATE.jinja CONTEXT.json\n" +
                  "       node render_template.mjs --batch CASES.json");
    process.exit(2);
}
