#!/usr/bin/env python3
"""Replays the country salience rule of GazetteEntities on an evidence dump and
searches its weights (coordinate search on the TRAIN split, checked on TEST).

  sh Benchmarks/entities/dump-evidence.sh > /tmp/ev.jsonl
  python3 Benchmarks/entities/salience.py /tmp/ev.jsonl            # replay, TRAIN/TEST F1
  python3 Benchmarks/entities/salience.py /tmp/ev.jsonl --search   # coordinate search on TRAIN
  python3 Benchmarks/entities/salience.py /tmp/ev.jsonl --rule     # the additive rule alone
  python3 Benchmarks/entities/salience.py /tmp/ev.jsonl --fit 0.36 # refit the logistic model (numpy)

The replay mirrors `CountryRanking` in CountryRanking.swift (weights in
`Salience`, Salience.swift); "mismatch" counts articles where it disagrees with the Swift
output (a few, from rounding and folding order). Weights are per kind of
mention, never per country. Countries other than the US are judged by the
logistic model `MODEL` (Salience.modelBias/modelWeights) over `features`.
"""
import argparse, copy, json, math, os, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from score import PLACE_CODES

MODEL = (-2.6486, [0.6514, 1.7016, 0.1688, 0.2922, 1.1628, -0.1009, 0.8333, -0.4418, 0.8897, 0.3931, -0.0517, -0.1322, 2.0929, -0.2064, 0.0392, 0.787, 0.2882, -0.342, 0.4575, -0.2599, 2.3009, -1.1433])  # --fit 0.36
WITHIN = {'RU': 'SUHH', 'UA': 'SUHH', 'BY': 'SUHH', 'RS': 'YUCS', 'HR': 'YUCS', 'SI': 'YUCS', 'CZ': 'CSHH', 'SK': 'CSHH'}
# kinds: 0 name 1 demonym 2 capital 3 city 4 region 5 cue 6 place 7 code 8 exchange 9 market
WEIGHTS = dict(model=MODEL, w={0: 1.0, 1: 0.6, 2: 0.2, 3: 0.4, 4: 1.0, 5: 0.6, 6: 0, 7: 0, 8: 3.0, 9: 3.0}, rtick=1.0,
               headline=4.0, lead=1.5, dateline=3.0, inName=1.0, minScore=2.0, minShare=0.3, always=6.0)
def evidence(d, P):
    w = P['w']; ms = d['m']
    firm = {m[0] for m in ms if not m[5]}
    ev = {}
    def new(): return dict(score=0.0, head=False, lead=False, dl=False, n=[0]*10, inn=0, tick=0, mk=0,
                           first=None, tok=None, lst=0, htick=False)
    for m in ms:
        c, kind, head, sent, inn, nc = m[0], m[1], m[2], m[3], m[4], m[5]
        if nc and c not in firm: continue
        e = ev.setdefault(c, new())
        x = w[kind]
        if kind == 8:
            if e['tick'] > 0: x = P['rtick']
            e['tick'] += 1
            if head: e['htick'] = True
        elif kind == 9:
            bit = 1 if head else 2
            if e['mk'] & bit: x = 0
            e['mk'] |= bit
        if head and kind not in (5, 8, 9) and not inn:
            e['head'] = True
        elif head:
            e['score'] += P['inName'] if inn else x
        else:
            if inn:
                x = min(x, P['inName']); e['inn'] += 1
            elif kind != 8:
                e['n'][kind] += 1
            e['score'] += x
            if sent == 0: e['lead'] = True
            e['first'] = sent if e['first'] is None else min(e['first'], sent)
            e['tok'] = m[6] if e['tok'] is None else min(e['tok'], m[6])
            if not inn and inList(m, ms, firm): e['lst'] += 1
    if d['dateline']:
        ev.setdefault(d['dateline'], new())['dl'] = True
    for c, e in ev.items():
        names = sum(e['n']) + e['tick']
        onlyIn = e['inn'] > 0 and names == 0
        if e['head'] and not onlyIn: e['score'] += P['headline']
        if e['lead']: e['score'] += P['lead']
        if e['dl']: e['score'] += P['dateline']
    for c in list(ev):
        f = WITHIN.get(c)
        if f and f in ev and ev[f]['score'] > 0 and ev[f]['score'] >= ev[c]['score']:
            ce = ev.pop(c); fe = ev[f]
            fe['score'] += ce['score']
            fe['n'] = [a + b for a, b in zip(fe['n'], ce['n'])]
            fe['inn'] += ce['inn']; fe['tick'] += ce['tick']; fe['lst'] += ce['lst']
            fe['head'] = fe['head'] or ce['head']; fe['lead'] = fe['lead'] or ce['lead']
            fe['htick'] = fe['htick'] or ce['htick']
            for k in ('first', 'tok'):
                if ce[k] is not None: fe[k] = ce[k] if fe[k] is None else min(fe[k], ce[k])
    return ev
def inList(m, ms, firm):
    """A body mention next to another country's name, demonym or capital
    (at most one word between): a list ("Japan, Taiwan and South Korea")."""
    for o in ms:
        if o[2] or o[0] == m[0] or o[1] not in (0, 1, 2) or (o[5] and o[0] not in firm): continue
        if 0 < o[6] - m[13] <= 2 or 0 < m[6] - o[13] <= 2: return True
    return False

# Logistic model over the evidence (fitted on TRAIN with --fit, checked on TEST):
# a country other than the US is salient when BIAS + sum(w * feature) >= 0.
FEATURES = ['lscore', 'share', 'rank', 'lnc', 'only', 'lus', 'head', 'lead', 'name', 'dem', 'cap', 'city',
            'region', 'cue', 'inn', 'tick', 'mk', 'first', 'list', 'relfirst', 'htick', 'hother']
def features(d, ev):
    """Per-country feature vectors, as Salience.modelFeatures computes them (US left out)."""
    L = math.log1p
    top = max([e['score'] for e in ev.values()] or [0])
    others = {c: e for c, e in ev.items() if c != 'US'}
    us = ev['US']['score'] if 'US' in ev else 0.0
    htc = sum(1 for e in ev.values() if e['htick'])
    out = {}
    for c, e in others.items():
        n = e['n']
        rank = sum(1 for o in others.values() if o['score'] > e['score'])
        first = 20 if e['first'] is None else min(e['first'], 20)
        tok = d['ntok'] if e['tok'] is None else e['tok']
        out[c] = [L(e['score']), e['score'] / top if top > 0 else 0.0, min(rank, 4), L(len(others)), float(len(others) == 1),
                  L(us), float(e['head']), float(e['lead']), L(n[0]), L(n[1]), L(n[2]), L(n[3]), L(n[4]), L(n[5] + n[9]),
                  L(e['inn']), L(e['tick']), float(e['mk']), L(first), L(e['lst']), L(tok) - L(d['ntok']),
                  float(e['htick']), float(htc > (1 if e['htick'] else 0))]
    return out

def salient(d, P):
    ev = evidence(d, P)
    top = max([e['score'] for e in ev.values()] or [0])
    rule = {c for c, e in ev.items() if e['score'] >= P['minScore'] and (e['score'] >= P['minShare']*top or e['score'] >= P['always'])}
    model = P.get('model')
    if not model: return rule
    b, w = model
    return ({'US'} & rule) | {c for c, x in features(d, ev).items() if b + sum(a * v for a, v in zip(w, x)) >= 0}
def prf(tp, fp, fn):
    p = tp / (tp + fp) if tp + fp else 0; r = tp / (tp + fn) if tp + fn else 0
    return p, r, 2 * p * r / (p + r) if p + r else 0

def evaluate(rows, P):
    tp = fp = fn = 0
    for d in rows:
        pred = salient(d, P) - {'US'}
        tp += len(pred & d['gold']); fp += len(pred - d['gold']); fn += len(d['gold'] - pred)
    return prf(tp, fp, fn)

def fit_logistic(X, y, C=1.0):
    """L2-penalised logistic regression on standardised features (the
    objective of scikit-learn's LogisticRegression with C=1; the intercept is
    not penalised), by Newton's method: numpy only."""
    import numpy as np
    n, k = X.shape
    A = np.hstack([X, np.ones((n, 1))])
    w = np.zeros(k + 1)
    R = np.eye(k + 1) / C
    R[k, k] = 0
    for _ in range(100):
        p = 1 / (1 + np.exp(-A @ w))
        step = np.linalg.solve((A * (p * (1 - p))[:, None]).T @ A + R, A.T @ (p - y) + R @ w)
        w -= step
        if np.abs(step).max() < 1e-10: break
    return w[:k], float(w[k])

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('dump'); ap.add_argument('--labels', default='/work/shared/corpora/reuters/labels.jsonl')
    ap.add_argument('--search', action='store_true')
    ap.add_argument('--rule', action='store_true', help='replay the additive rule alone, without the model')
    ap.add_argument('--fit', type=float, metavar='T', help='fit the logistic model on TRAIN, threshold T')
    ap.add_argument('--annotated-only', action='store_true', help='fit on the TRAIN stories that carry labels only')
    a = ap.parse_args()
    labels = {}
    for l in open(a.labels, encoding='utf-8'):
        d = json.loads(l); labels[d['file']] = d
    rows = []
    for l in open(a.dump, encoding='utf-8'):
        d = json.loads(l); g = labels[d['file']]
        d['gold'] = {PLACE_CODES[s] for s in g['places'] if s in PLACE_CODES} - {'US'}
        d['split'] = g['lewissplit']; rows.append(d)
        # Reuters' editors left some stories without a label of any kind: unannotated, not country-free.
        d['annotated'] = bool(g['places'] or g['topics'] or g['people'] or g['orgs'])
    train = [d for d in rows if d['split'] == 'TRAIN']; test = [d for d in rows if d['split'] == 'TEST']
    P = copy.deepcopy(WEIGHTS)
    if a.rule: P['model'] = None
    if a.fit:
        import numpy as np
        X, y = [], []
        for d in train:
            if a.annotated_only and not d['annotated']: continue
            for c, x in features(d, evidence(d, P)).items(): X.append(x); y.append(c in d['gold'])
        X = np.array(X); y = np.array(y, dtype=float)
        mean, scale = X.mean(0), X.std(0)
        scale[scale == 0] = 1
        ws, bs = fit_logistic((X - mean) / scale, y)
        w = ws / scale
        b = bs - float((w * mean).sum()) - math.log(a.fit / (1 - a.fit))
        P['model'] = (round(float(b), 4), [round(float(v), 4) for v in w])
        print('MODEL =', P['model'])
    print('mismatch with the Swift output:', sum(1 for d in rows if salient(d, P) != set(d['salient'])))
    if a.search:
        grid = {('w', 1): [0.4, 0.6, 0.8, 1.0], ('w', 2): [0, 0.2, 0.4], ('w', 3): [0.4, 0.6, 0.8], ('w', 4): [0.8, 1.0],
                ('w', 5): [0.6, 0.8, 1.0], ('w', 8): [1, 2, 3, 4], ('w', 9): [1, 2, 3], 'rtick': [0.5, 1, 2],
                'headline': [3, 4, 5], 'lead': [1, 1.5, 2], 'inName': [0.6, 0.8, 1.0],
                'minScore': [1.8, 2.0, 2.2, 2.5], 'minShare': [0.2, 0.25, 0.3, 0.35], 'always': [4, 6, 8, 100]}
        best = evaluate(train, P)[2]
        for _ in range(2):
            for k, vals in grid.items():
                for v in vals:
                    Q = copy.deepcopy(P)
                    if isinstance(k, tuple): Q['w'][k[1]] = v
                    else: Q[k] = v
                    s = evaluate(train, Q)[2]
                    if s > best + 1e-4: best, P = s, Q; print('  ', k, v, round(s, 4))
        print(P)
    for name, rs in (('TRAIN', train), ('TEST', test), ('all', rows)):
        p, r, f = evaluate(rs, P)
        ap_, ar, af = evaluate([d for d in rs if d['annotated']], P)
        print(f'{name}: P {p:.3f} R {r:.3f} F1 {f:.4f}   annotated stories: P {ap_:.3f} R {ar:.3f} F1 {af:.4f}')

if __name__ == '__main__':
    main()
