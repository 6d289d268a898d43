#!/usr/bin/env node
/*
 * Material's real search worker, run in a Node vm with the project's lunr.vi override, on a
 * few documents: NFC, NFD, đ, and tone-variant distractors. Fast and browser-free; the same
 * behaviour is tested in Chromium by test_search.py.
 *
 * Usage: node search_worker.js <material package dir> <override lunr.vi.min.js>
 * Prints one line per check; exits 1 if any failed.
 */
"use strict"
const fs = require("fs")
const path = require("path")
const vm = require("vm")
const assert = require("assert")

const [MATERIAL, OVERRIDE] = process.argv.slice(2)
const JS = path.join(MATERIAL, "templates/assets/javascripts")
const NFD = s => s.normalize("NFD")
const DOCS = [
  { location: "boi-duong/", title: "Bồi dưỡng cán bộ",
    text: "<p>Kế hoạch bồi dưỡng cán bộ quản lý năm học mới.</p>" },
  { location: "dao-tao/", title: "Đào tạo giáo viên",
    text: "<p>Chương trình Đào tạo và phát triển nghề nghiệp.</p>" },
  { location: "nfd/", title: NFD("Tập huấn"),
    text: NFD("<p>Tài liệu tập huấn bồi dưỡng thường xuyên, hòa nhập.</p>") },
  { location: "distractor/", title: "Bói toán",
    text: "<p>Bói dương lịch, đạo lý, dao kéo, mã số và mà.</p>" },
]
const CONFIG = { lang: ["vi"], separator: "[\\s\\-,:!=\\[\\]()\"`/]+|\\.(?!\\d)|&[lg]t;",
  pipeline: ["stopWordFilter"],
  fields: { title: { boost: 1000 }, text: { boost: 1 }, tags: { boost: 1e6 } } }

let failures = 0
function check(name, fn) {
  try { fn(); console.log("ok   " + name) }
  catch (e) { failures++; console.log("FAIL " + name + ": " + e.message) }
}

function loadWorker() {
  const worker = fs.readdirSync(path.join(JS, "workers")).find(f => /^search\..*\.min\.js$/.test(f))
  const replies = [], listeners = [], loaded = []
  const ctx = {
    console, setTimeout, clearTimeout, Promise,
    postMessage: m => replies.push(m),
    addEventListener: (type, fn) => type === "message" && listeners.push(fn),
    importScripts: (...urls) => {            // relative to workers/
      for (const url of urls) {
        const rel = path.normalize(path.join("workers", url))
        const file = rel === path.normalize("lunr/min/lunr.vi.min.js") ? OVERRIDE : path.join(JS, rel)
        loaded.push(file)
        vm.runInContext(fs.readFileSync(file, "utf8"), ctx, { filename: file })
      }
    },
  }
  ctx.self = ctx
  vm.createContext(ctx)
  vm.runInContext(fs.readFileSync(path.join(JS, "workers", worker), "utf8"), ctx)
  const send = async data => {
    const n = replies.length
    for (const fn of listeners) await fn({ data })
    while (replies.length === n) await new Promise(r => setTimeout(r, 1))
    return replies[replies.length - 1]
  }
  return { send, loaded }
}

;(async () => {
  const w = loadWorker()
  const ready = await w.send({ type: 0, data: { config: CONFIG, docs: DOCS, options: { suggest: true } } })
  check("worker answers SETUP with READY", () => assert.strictEqual(ready.type, 1))
  check("worker loaded lunr.vi from the override", () => assert.ok(w.loaded.includes(OVERRIDE)))
  const query = async q => (await w.send({ type: 2, data: q })).data.items.map(g => g[0])

  for (const [q, first, all, not] of [
    ["bồi dưỡng", "boi-duong/", ["nfd/"], ["distractor/", "dao-tao/"]],
    ["boi duong", "boi-duong/", ["nfd/", "distractor/"], ["dao-tao/"]],
    ["bồi duong", "boi-duong/", ["nfd/"], []],
    ["dao tao", "dao-tao/", ["distractor/"], []],
    ["đào", "dao-tao/", [], ["distractor/"]],
    ["ĐÀO TẠO", "dao-tao/", [], ["distractor/"]],
    ["tap huan", "nfd/", [], []],
    ["tập huấn", "nfd/", [], []],
    [NFD("tập huấn"), "nfd/", [], []],
    ["hòa nhập", "nfd/", [], []],
    ["hoà nhập", "nfd/", [], []],
  ]) {
    const refs = (await query(q)).map(i => i.location)
    check(`query ${JSON.stringify(q)} -> ${refs.join(" ")}`, () => {
      assert.strictEqual(refs[0], first)
      for (const r of all) assert.ok(refs.includes(r), r + " not found")
      for (const r of not) assert.ok(!refs.includes(r), r + " wrongly found")
    })
  }
  const find = async (q, loc) => (await query(q)).find(i => i.location === loc)
  const d = await find("boi duong", "boi-duong/")
  check("folded query highlights the accented title", () =>
    assert.strictEqual(d.title, "<mark>Bồi</mark> <mark>dưỡng</mark> cán bộ"))
  const n = await find("boi duong", "nfd/")
  check("NFD text is highlighted on its own characters", () =>
    assert.ok(n.text.includes(NFD("<mark>bồi</mark> <mark>dưỡng</mark>")), n.text))
  const e = await find("hoa nhap", "nfd/")
  check("punctuation is not part of a word", () =>
    assert.ok(e.text.includes(NFD("<mark>nhập</mark>.")), e.text))
  for (const [q, last] of [["boi duo", "duong"], ["bồi dư", "dưỡng"], ["Đào tạ", "tạo"]]) {
    const res = await w.send({ type: 2, data: q })
    check(`suggestion for ${JSON.stringify(q)} ends with ${last}`, () =>
      assert.strictEqual(res.data.suggest[res.data.suggest.length - 1], last))
  }
  // "t*" matches "tạo" and "tao", which share a position: no doubled <mark>s.
  for (const q of ["t", "ng", "d"]) {
    const items = await query(q)
    check(`prefix ${JSON.stringify(q)}: well-formed <mark>s`, () => {
      for (const i of items) for (const f of [i.title, i.text]) {
        const rest = f.replace(/<mark>[^<]*<\/mark>/g, "")
        assert.ok(!/mark|<ma|rk>/.test(rest), "broken: " + f)
      }
    })
  }
  console.log(failures ? `${failures} check(s) failed` : "all checks passed")
  process.exit(failures ? 1 : 0)
})()
