#!/usr/bin/env python3
"""Replays the country salience rule of GazetteEntities on an evidence dump and
searches its weights (coordinate search on the TRAIN split, checked on TEST).

  sh Benchmarks/entities/dump-evidence.sh > /tmp/ev.jsonl
  python3 Benchmarks/entities/salience.py /tmp/ev.jsonl            # replay, TRAIN/TEST F1
  python3 Benchmarks/entities/salience.py /tmp/ev.jsonl --search   # coordinate search on TRAIN

The replay mirrors `rankCountries` in EntityExtractor.swift (weights in
`Salience`); "mismatch" counts articles where it disagrees with the Swift
output (a few, from rounding and folding order). Weights are per kind of
mention, never per country.
"""
import argparse, copy, json, os, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from score import PLACE_CODES

WITHIN = {'RU': 'SUHH', 'UA': 'SUHH', 'BY': 'SUHH', 'RS': 'YUCS', 'HR': 'YUCS', 'SI': 'YUCS', 'CZ': 'CSHH', 'SK': 'CSHH'}
# kinds: 0 name 1 demonym 2 capital 3 city 4 region 5 cue 6 place 7 code 8 exchange 9 market
WEIGHTS = dict(w={0: 1.0, 1: 0.6, 2: 0.2, 3: 0.4, 4: 1.0, 5: 0.6, 6: 0, 7: 0, 8: 3.0, 9: 3.0}, rtick=1.0,
               headline=4.0, lead=1.5, dateline=3.0, inName=1.0, minScore=2.0, minShare=0.3, always=6.0)
def evidence(d, P):
    w = P['w']; ms = d['m']
    firm = {m[0] for m in ms if not m[5]}
    ev = {}
    def new(): return dict(score=0.0, head=False, lead=False, dl=False, n=[0]*10, inn=0, tick=0, mk=0)
    for m in ms:
        c, kind, head, sent, inn, nc = m[0], m[1], m[2], m[3], m[4], m[5]
        if nc and c not in firm: continue
        e = ev.setdefault(c, new())
        x = w[kind]
        if kind == 8:
            if e['tick'] > 0: x = P['rtick']
            e['tick'] += 1
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
            ev[f]['score'] += ev.pop(c)['score']
    return ev
def salient(d, P):
    ev = evidence(d, P)
    top = max([e['score'] for e in ev.values()] or [0])
    return {c for c, e in ev.items() if e['score'] >= P['minScore'] and (e['score'] >= P['minShare']*top or e['score'] >= P['always'])}
def prf(tp, fp, fn):
    p = tp / (tp + fp) if tp + fp else 0; r = tp / (tp + fn) if tp + fn else 0
    return p, r, 2 * p * r / (p + r) if p + r else 0

def evaluate(rows, P):
    tp = fp = fn = 0
    for d in rows:
        pred = salient(d, P) - {'US'}
        tp += len(pred & d['gold']); fp += len(pred - d['gold']); fn += len(d['gold'] - pred)
    return prf(tp, fp, fn)

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('dump'); ap.add_argument('--labels', default='/work/shared/corpora/reuters/labels.jsonl')
    ap.add_argument('--search', action='store_true')
    a = ap.parse_args()
    labels = {}
    for l in open(a.labels, encoding='utf-8'):
        d = json.loads(l); labels[d['file']] = d
    rows = []
    for l in open(a.dump, encoding='utf-8'):
        d = json.loads(l); g = labels[d['file']]
        d['gold'] = {PLACE_CODES[s] for s in g['places'] if s in PLACE_CODES} - {'US'}
        d['split'] = g['lewissplit']; rows.append(d)
    train = [d for d in rows if d['split'] == 'TRAIN']; test = [d for d in rows if d['split'] == 'TEST']
    P = copy.deepcopy(WEIGHTS)
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
        print(f'{name}: P {p:.3f} R {r:.3f} F1 {f:.3f}')

if __name__ == '__main__':
    main()
