# Writes the NLI fixture files in the real layouts (SNLI 1.0, MultiNLI 1.0, GLUE, HF exports): the sentences
# are invented, the fields, column orders, parse fields and annotator labels are the datasets'.
# Run: python3 core/src/test/python/make_nli_fixtures.py (standard library only).
import csv, gzip, json, os, re
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "resources", "fixtures", "nli")
os.makedirs(OUT + "/glue/MNLI", exist_ok=True); os.makedirs(OUT + "/glue/SNLI", exist_ok=True); os.makedirs(OUT + "/glue/RTE", exist_ok=True)
os.makedirs(OUT + "/hf", exist_ok=True)

def tree_of(t):
    """A labelled parse "(ROOT (S ...))" as nested (label, children) tuples."""
    toks = re.findall(r"\(|\)|[^\s()]+", t)
    def parse(i):
        assert toks[i] == "("; label = toks[i+1]; i += 2; kids = []
        while toks[i] != ")":
            if toks[i] == "(":
                k, i = parse(i); kids.append(k)
            else:
                kids.append(toks[i]); i += 1
        return (label, kids), i + 1
    tree, _ = parse(0)
    return tree

def binar(node):
    """SNLI's binary parse: labels dropped, unary nodes collapsed, longer nodes binarised to the right."""
    if isinstance(node, str): return node
    label, kids = node
    kids = [binar(k) for k in kids]
    if len(kids) == 1: return kids[0]
    def right(ks):
        if len(ks) == 1: return ks[0]
        return (ks[0], right(ks[1:]))
    return right(kids)

def show(b):
    if isinstance(b, str): return b
    return "( " + show(b[0]) + " " + show(b[1]) + " )"

def binary_parse(p):
    return show(binar(tree_of(p)))

S = {}
def sent(text, parse):
    S[text] = parse

sent("A man in a blue shirt is riding a bicycle down a hill.", "(ROOT (S (NP (NP (DT A) (NN man)) (PP (IN in) (NP (DT a) (JJ blue) (NN shirt)))) (VP (VBZ is) (VP (VBG riding) (NP (DT a) (NN bicycle)) (PP (IN down) (NP (DT a) (NN hill))))) (. .)))")
sent("A man is riding a bike.", "(ROOT (S (NP (DT A) (NN man)) (VP (VBZ is) (VP (VBG riding) (NP (DT a) (NN bike)))) (. .)))")
sent("A man is racing his friend down the hill.", "(ROOT (S (NP (DT A) (NN man)) (VP (VBZ is) (VP (VBG racing) (NP (PRP$ his) (NN friend)) (PP (IN down) (NP (DT the) (NN hill))))) (. .)))")
sent("A man is sleeping in his bed.", "(ROOT (S (NP (DT A) (NN man)) (VP (VBZ is) (VP (VBG sleeping) (PP (IN in) (NP (PRP$ his) (NN bed))))) (. .)))")
sent("Two children are playing with a red ball on the grass.", "(ROOT (S (NP (CD Two) (NNS children)) (VP (VBP are) (VP (VBG playing) (PP (IN with) (NP (DT a) (JJ red) (NN ball))) (PP (IN on) (NP (DT the) (NN grass))))) (. .)))")
sent("The kids are outside.", "(ROOT (S (NP (DT The) (NNS kids)) (VP (VBP are) (ADVP (RB outside))) (. .)))")
sent("Nobody is playing.", "(ROOT (S (NP (NN Nobody)) (VP (VBZ is) (VP (VBG playing))) (. .)))")
# MultiNLI
sent("yeah i think we got about three inches of rain last week", "(ROOT (S (INTJ (UH yeah)) (NP (FW i)) (VP (VBP think) (SBAR (S (NP (PRP we)) (VP (VBD got) (NP (NP (QP (IN about) (CD three)) (NNS inches)) (PP (IN of) (NP (NN rain)))) (NP (JJ last) (NN week))))))))")
sent("We had some rain last week.", "(ROOT (S (NP (PRP We)) (VP (VBD had) (NP (DT some) (NN rain)) (NP (JJ last) (NN week))) (. .)))")
sent("The old town is closed to cars, so visitors walk.", "(ROOT (S (S (NP (DT The) (JJ old) (NN town)) (VP (VBZ is) (ADJP (VBN closed) (PP (TO to) (NP (NNS cars)))))) (, ,) (IN so) (S (NP (NNS visitors)) (VP (VBP walk))) (. .)))")
sent("Visitors drive through the old town.", "(ROOT (S (NP (NNS Visitors)) (VP (VBP drive) (PP (IN through) (NP (DT the) (JJ old) (NN town)))) (. .)))")
sent("She closed the door behind her.", "(ROOT (S (NP (PRP She)) (VP (VBD closed) (NP (DT the) (NN door)) (PP (IN behind) (NP (PRP her)))) (. .)))")
sent("She was angry when she left.", "(ROOT (S (NP (PRP She)) (VP (VBD was) (ADJP (JJ angry)) (SBAR (WHADVP (WRB when)) (S (NP (PRP she)) (VP (VBD left))))) (. .)))")
sent("The agency reviewed the rule in 1998.", "(ROOT (S (NP (DT The) (NN agency)) (VP (VBD reviewed) (NP (DT the) (NN rule)) (PP (IN in) (NP (CD 1998)))) (. .)))")
sent("The rule was reviewed early.", "(ROOT (S (NP (DT The) (NN rule)) (VP (VBD was) (VP (VBN reviewed) (ADVP (RB early)))) (. .)))")
sent("Your gift helps children learn to read.", "(ROOT (S (NP (PRP$ Your) (NN gift)) (VP (VBZ helps) (S (NP (NNS children)) (VP (VB learn) (S (VP (TO to) (VP (VB read))))))) (. .)))")
sent("Children are helped by your gift.", "(ROOT (S (NP (NNS Children)) (VP (VBP are) (VP (VBN helped) (PP (IN by) (NP (PRP$ your) (NN gift))))) (. .)))")
sent("The flight left Boston at 7:59.", "(ROOT (S (NP (DT The) (NN flight)) (VP (VBD left) (NP (NNP Boston)) (PP (IN at) (NP (CD 7:59)))) (. .)))")
sent("The flight left Boston in the evening.", "(ROOT (S (NP (DT The) (NN flight)) (VP (VBD left) (NP (NNP Boston)) (PP (IN in) (NP (DT the) (NN evening)))) (. .)))")
sent("Some words change meaning over time.", "(ROOT (S (NP (DT Some) (NNS words)) (VP (VBP change) (NP (NN meaning)) (PP (IN over) (NP (NN time)))) (. .)))")
sent("Most words keep their meaning.", "(ROOT (S (NP (JJS Most) (NNS words)) (VP (VBP keep) (NP (PRP$ their) (NN meaning))) (. .)))")

for t, p in S.items():
    # the parse's leaves must spell the sentence
    leafs = []
    toks = re.findall(r"\(|\)|[^\s()]+", p)
    for i, w in enumerate(toks):
        if w not in "()" and toks[i-1] != "(":
            leafs.append(w)
    assert " ".join(leafs).replace(" .", ".").replace(" ,", ",") == t, (t, leafs)

# gold, s1, s2, captionID, pairID, annotator labels
snli = [
    ("entailment", "A man in a blue shirt is riding a bicycle down a hill.", "A man is riding a bike.", "2412316151.jpg#0", "2412316151.jpg#0r1e", ["entailment", "entailment", "entailment", "entailment", "entailment"]),
    ("neutral", "A man in a blue shirt is riding a bicycle down a hill.", "A man is racing his friend down the hill.", "2412316151.jpg#0", "2412316151.jpg#0r1n", ["neutral", "neutral", "entailment", "neutral", "neutral"]),
    ("contradiction", "A man in a blue shirt is riding a bicycle down a hill.", "A man is sleeping in his bed.", "2412316151.jpg#0", "2412316151.jpg#0r1c", ["contradiction", "contradiction", "contradiction", "contradiction", "contradiction"]),
    ("-", "Two children are playing with a red ball on the grass.", "The kids are outside.", "3558370311.jpg#3", "3558370311.jpg#3r1e", ["entailment", "neutral", "entailment", "neutral", "contradiction"]),
    ("contradiction", "Two children are playing with a red ball on the grass.", "Nobody is playing.", "3558370311.jpg#3", "3558370311.jpg#3r1c", ["contradiction", "contradiction", "contradiction", "neutral", "contradiction"]),
]

def snli_json(g, s1, s2, cap, pair, ann):
    return {"annotator_labels": ann, "captionID": cap, "gold_label": g, "pairID": pair,
            "sentence1": s1, "sentence1_binary_parse": binary_parse(S[s1]), "sentence1_parse": S[s1],
            "sentence2": s2, "sentence2_binary_parse": binary_parse(S[s2]), "sentence2_parse": S[s2]}

with open(OUT + "/snli_1.0_dev.jsonl", "w") as f:
    for r in snli:
        f.write(json.dumps(snli_json(*r)) + "\n")
with open(OUT + "/snli_1.0_dev.jsonl", "rb") as f, open(OUT + "/snli_1.0_dev.jsonl.gz", "wb") as g:
    with gzip.GzipFile(fileobj=g, mode="wb", mtime=0, filename="") as z:
        z.write(f.read())

SNLI_TXT = "gold_label sentence1_binary_parse sentence2_binary_parse sentence1_parse sentence2_parse sentence1 sentence2 captionID pairID label1 label2 label3 label4 label5".split()
with open(OUT + "/snli_1.0_dev.txt", "w") as f:
    f.write("\t".join(SNLI_TXT) + "\n")
    for g, s1, s2, cap, pair, ann in snli:
        f.write("\t".join([g, binary_parse(S[s1]), binary_parse(S[s2]), S[s1], S[s2], s1, s2, cap, pair] + ann) + "\n")
# the train file: one annotator label, the other four columns empty
with open(OUT + "/snli_1.0_train.txt", "w") as f:
    f.write("\t".join(SNLI_TXT) + "\n")
    for g, s1, s2, cap, pair, ann in snli[:3]:
        f.write("\t".join([g, binary_parse(S[s1]), binary_parse(S[s2]), S[s1], S[s2], s1, s2, cap, pair, g, "", "", "", ""]) + "\n")

# gold, genre, promptID, pairID, s1, s2, annotators
mnli_m = [
    ("entailment", "telephone", "20517", "20517e", "yeah i think we got about three inches of rain last week", "We had some rain last week.", ["entailment", "entailment", "entailment", "neutral", "entailment"]),
    ("contradiction", "travel", "41273", "41273c", "The old town is closed to cars, so visitors walk.", "Visitors drive through the old town.", ["contradiction", "contradiction", "contradiction", "contradiction", "contradiction"]),
    ("neutral", "fiction", "77120", "77120n", "She closed the door behind her.", "She was angry when she left.", ["neutral", "neutral", "neutral", "neutral", "neutral"]),
    ("-", "government", "10318", "10318e", "The agency reviewed the rule in 1998.", "The rule was reviewed early.", ["entailment", "neutral", "contradiction", "neutral", "entailment"]),
]
mnli_mm = [
    ("entailment", "letters", "53116", "53116e", "Your gift helps children learn to read.", "Children are helped by your gift.", ["entailment", "entailment", "entailment", "entailment", "entailment"]),
    ("contradiction", "nineeleven", "60842", "60842c", "The flight left Boston at 7:59.", "The flight left Boston in the evening.", ["contradiction", "contradiction", "neutral", "contradiction", "contradiction"]),
    ("neutral", "verbatim", "88001", "88001n", "Some words change meaning over time.", "Most words keep their meaning.", ["neutral", "contradiction", "neutral", "neutral", "neutral"]),
]
def mnli_json(g, genre, prompt, pair, s1, s2, ann):
    return {"annotator_labels": ann, "genre": genre, "gold_label": g, "pairID": pair, "promptID": prompt,
            "sentence1": s1, "sentence1_binary_parse": binary_parse(S[s1]), "sentence1_parse": S[s1],
            "sentence2": s2, "sentence2_binary_parse": binary_parse(S[s2]), "sentence2_parse": S[s2]}
for name, rows in (("dev_matched", mnli_m), ("dev_mismatched", mnli_mm)):
    with open(OUT + "/multinli_1.0_%s.jsonl" % name, "w") as f:
        for r in rows:
            f.write(json.dumps(mnli_json(*r)) + "\n")
MNLI_TXT = "gold_label sentence1_binary_parse sentence2_binary_parse sentence1_parse sentence2_parse sentence1 sentence2 promptID pairID genre label1 label2 label3 label4 label5".split()
with open(OUT + "/multinli_1.0_dev_matched.txt", "w") as f:
    f.write("\t".join(MNLI_TXT) + "\n")
    for g, genre, prompt, pair, s1, s2, ann in mnli_m:
        f.write("\t".join([g, binary_parse(S[s1]), binary_parse(S[s2]), S[s1], S[s2], s1, s2, prompt, pair, genre] + ann) + "\n")

# GLUE MNLI
G_MNLI = "index promptID pairID genre sentence1_binary_parse sentence2_binary_parse sentence1_parse sentence2_parse sentence1 sentence2".split()
with open(OUT + "/glue/MNLI/train.tsv", "w") as f:
    f.write("\t".join(G_MNLI + ["label1", "gold_label"]) + "\n")
    for i, (g, genre, prompt, pair, s1, s2, ann) in enumerate(mnli_m[:3]):
        f.write("\t".join([str(i), prompt, pair, genre, binary_parse(S[s1]), binary_parse(S[s2]), S[s1], S[s2], s1, s2, g, g]) + "\n")
with open(OUT + "/glue/MNLI/dev_mismatched.tsv", "w") as f:
    f.write("\t".join(G_MNLI + ["label1", "label2", "label3", "label4", "label5", "gold_label"]) + "\n")
    for i, (g, genre, prompt, pair, s1, s2, ann) in enumerate(mnli_mm):
        f.write("\t".join([str(i), prompt, pair, genre, binary_parse(S[s1]), binary_parse(S[s2]), S[s1], S[s2], s1, s2] + ann + [g]) + "\n")
with open(OUT + "/glue/MNLI/test_matched.tsv", "w") as f:
    f.write("\t".join(G_MNLI) + "\n")
    for i, (g, genre, prompt, pair, s1, s2, ann) in enumerate(mnli_m[:3]):
        f.write("\t".join([str(i), prompt, pair, genre, binary_parse(S[s1]), binary_parse(S[s2]), S[s1], S[s2], s1, s2]) + "\n")
# GLUE SNLI
G_SNLI = "index captionID pairID sentence1_binary_parse sentence2_binary_parse sentence1_parse sentence2_parse sentence1 sentence2".split()
with open(OUT + "/glue/SNLI/dev.tsv", "w") as f:
    f.write("\t".join(G_SNLI + ["label1", "label2", "label3", "label4", "label5", "gold_label"]) + "\n")
    for i, (g, s1, s2, cap, pair, ann) in enumerate([r for r in snli if r[0] != "-"]):
        f.write("\t".join([str(i), cap, pair, binary_parse(S[s1]), binary_parse(S[s2]), S[s1], S[s2], s1, s2] + ann + [g]) + "\n")
# GLUE RTE: sentences with an unbalanced quote, as the real files have
rte = [
    ("The museum opened in 1902 and holds over 3,000 paintings.", "The museum holds paintings.", "entailment"),
    ("The mayor said \"the bridge will reopen in May.", "The bridge was closed in 1902.", "not_entailment"),
    ("Rain fell on the valley for three days.", "It rained in the valley.", "entailment"),
]
with open(OUT + "/glue/RTE/train.tsv", "w") as f:
    f.write("index\tsentence1\tsentence2\tlabel\n")
    for i, (a, b, l) in enumerate(rte):
        f.write("%d\t%s\t%s\t%s\n" % (i, a, b, l))
with open(OUT + "/glue/RTE/test.tsv", "w") as f:
    f.write("index\tsentence1\tsentence2\n")
    for i, (a, b, l) in enumerate(rte[:2]):
        f.write("%d\t%s\t%s\n" % (i, a, b))

# HF datasets exports: Dataset.to_json (records, one per line) and Dataset.to_csv (pandas, index=False)
with open(OUT + "/hf/snli_validation.jsonl", "w") as f:
    for g, s1, s2, cap, pair, ann in snli:
        label = {"entailment": 0, "neutral": 1, "contradiction": 2, "-": -1}[g]
        f.write(json.dumps({"premise": s1, "hypothesis": s2, "label": label}) + "\n")
with open(OUT + "/hf/mnli_validation_matched.jsonl", "w") as f:
    for i, (g, genre, prompt, pair, s1, s2, ann) in enumerate(mnli_m):
        label = {"entailment": 0, "neutral": 1, "contradiction": 2, "-": -1}[g]
        f.write(json.dumps({"premise": s1, "hypothesis": s2, "label": label, "idx": i}) + "\n")
with open(OUT + "/hf/named_labels.jsonl", "w") as f:
    for g, s1, s2, cap, pair, ann in snli[:3]:
        f.write(json.dumps({"premise": s1, "hypothesis": s2, "label": g}) + "\n")
with open(OUT + "/hf/snli_train.csv", "w", newline="") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["premise", "hypothesis", "label"])
    w.writerow(["A man, smiling, holds a \"giant\" fish.", "A man is holding a fish.", 0])
    w.writerow(["A dog runs through the snow.\nIt is cold.", "A dog is asleep.", 2])
    w.writerow(["A woman reads a book.", "The woman is a teacher.", 1])
    w.writerow(["Two kids play chess.", "Kids are playing.", -1])
with open(OUT + "/hf/mnli_named.csv", "w", newline="") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["idx", "premise", "hypothesis", "label"])
    w.writerow([0, "She closed the door behind her.", "She was angry when she left.", "neutral"])
    w.writerow([1, "The old town is closed to cars, so visitors walk.", "Visitors drive through the old town.", "contradiction"])
print("ok")
