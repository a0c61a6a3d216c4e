// Each language's reader on literal source in the style of real projects: comments, strings, generics,
// annotations, and text that looks like an import and is not.
import * as assert from 'assert';
import { readSource } from '../../src/parse/readSource';
import type { SourceFacts } from '../../src/core/impact/deps/facts';

async function read(file: string, text: string): Promise<SourceFacts> {
  const f = await readSource(file, text);
  assert.ok(f, `${file} is read`);
  return f;
}

describe('readers (tree-sitter, per language)', () => {
  it('Java: package, imports (static, wildcard), top-level types; names in comments and strings are not uses', async () => {
    // After commons-lang's StringUtils.java and a JUnit test.
    const f = await read('src/main/java/org/apache/commons/lang3/text/WordUtils.java', `/*
 * Licensed to the Apache Software Foundation (ASF) under one or more
 * import org.apache.commons.lang3.NotAnImport;
 */
package org.apache.commons.lang3.text;

import java.util.regex.Pattern;
import static org.apache.commons.lang3.StringUtils.isBlank;
import static org.junit.jupiter.api.Assertions.*;
import org.apache.commons.lang3.builder.*;
import org.apache.commons.lang3.ArrayUtils;

/**
 * Operations on Strings that contain words. See {@link CharUtils}.
 */
@Deprecated
public class WordUtils<T extends Comparable<? super T>> {
    private static final String IMPORT = "import org.apache.commons.lang3.InString;";
    // Validate.notNull(x) is a comment, not a use
    public static String wrap(final String str, final Map<String, List<T>> m) {
        final char c = '"';
        final String block = """
            StringEscapeUtils in a text block
            """;
        return ObjectUtils.defaultIfNull(str, StringUtils.EMPTY) + ArrayUtils.toString(m);
    }
}
interface Helper {}
enum Mode { A, B }
record Pair(int a, int b) {}
@interface Marker {}
`);
    assert.strictEqual(f.pkg, 'org.apache.commons.lang3.text');
    assert.deepStrictEqual(f.imports, [
      { path: 'java.util.regex.Pattern' },
      { path: 'org.apache.commons.lang3.StringUtils.isBlank', static: true },
      { path: 'org.junit.jupiter.api.Assertions', static: true, wildcard: true },
      { path: 'org.apache.commons.lang3.builder', wildcard: true },
      { path: 'org.apache.commons.lang3.ArrayUtils' },
    ]);
    assert.deepStrictEqual(f.declares.sort(), ['Helper', 'Marker', 'Mode', 'Pair', 'WordUtils']);
    for (const used of ['ObjectUtils', 'StringUtils', 'ArrayUtils', 'Map', 'List', 'Comparable']) assert.ok(f.uses.includes(used), used);
    for (const notUsed of ['NotAnImport', 'InString', 'CharUtils', 'Validate', 'StringEscapeUtils']) assert.ok(!f.uses.includes(notUsed), notUsed);
  });

  it('Kotlin: package, imports with alias and wildcard, top-level classes, objects, functions and values', async () => {
    const f = await read('app/src/main/kotlin/com/acme/shop/Checkout.kt', `// import com.acme.Commented
package com.acme.shop

import com.acme.money.Money
import com.acme.money.*
import com.acme.util.Strings as S

/** KDoc naming Inventory is not a use */
@JvmInline
value class Cart(val items: List<Item>)

object Checkout {
    fun total(cart: Cart): Money = Money.sum(cart.items.map { it.price })
    val label = "import com.acme.Fake \${S.trim(Catalog.name)}"
}

fun checkoutOf(x: Int) = Pricing.of(x)
val defaultCurrency = "EUR"
typealias Basket = Cart
`);
    assert.strictEqual(f.pkg, 'com.acme.shop');
    assert.deepStrictEqual(f.imports, [
      { path: 'com.acme.money.Money' },
      { path: 'com.acme.money', wildcard: true },
      { path: 'com.acme.util.Strings', alias: 'S' },
    ]);
    assert.deepStrictEqual(f.declares.sort(), ['Basket', 'Cart', 'Checkout', 'checkoutOf', 'defaultCurrency']);
    assert.ok(f.uses.includes('Pricing') && f.uses.includes('Catalog'), 'code inside ${} of a string is code');
    assert.ok(!f.uses.includes('Inventory') && !f.uses.includes('Fake') && !f.uses.includes('Commented'));
  });

  it('C#: usings (global, static, alias), nested and file-scoped namespaces, types qualified by namespace', async () => {
    // After a typical ASP.NET Core service.
    const f = await read('src/Acme.Orders/OrderService.cs', `// using Acme.Commented;
global using Acme.Shared;
using System;
using static Acme.Util.Guard;
using Money = Acme.Pricing.Money;

namespace Acme.Orders
{
    using Acme.Inventory;

    /// <summary>Uses <see cref="Invoice"/> in a doc comment only.</summary>
    [ApiController]
    public partial class OrderService<T> : IOrderService where T : IEntity
    {
        private const string Sql = "using Acme.NotAUsing;";
        public Order Place(Cart cart) => new Order(StockLevel.Of(cart), @"Verbatim ""Quoted"" Text");
    }

    internal interface IOrderService { }

    namespace Events { public record OrderPlaced(Guid Id); public struct Tick { } public enum Kind { A } }
}
`);
    assert.deepStrictEqual(f.imports, [
      { path: 'Acme.Shared', global: true },
      { path: 'System' },
      { path: 'Acme.Util.Guard', static: true },
      { path: 'Acme.Pricing.Money', alias: 'Money' },
      { path: 'Acme.Inventory' },
    ]);
    assert.deepStrictEqual(f.namespaces.sort(), ['Acme.Orders', 'Acme.Orders.Events']);
    assert.deepStrictEqual(f.declares.sort(), ['Acme.Orders.Events.Kind', 'Acme.Orders.Events.OrderPlaced', 'Acme.Orders.Events.Tick', 'Acme.Orders.IOrderService', 'Acme.Orders.OrderService']);
    for (const used of ['Order', 'Cart', 'StockLevel', 'IEntity', 'ApiController']) assert.ok(f.uses.includes(used), used);
    for (const notUsed of ['Invoice', 'NotAUsing', 'Quoted', 'Commented']) assert.ok(!f.uses.includes(notUsed), notUsed);

    const scoped = await read('src/Money.cs', 'namespace Acme.Pricing;\n\npublic readonly record struct Money(decimal Amount);\npublic static class Rounding { }\n');
    assert.deepStrictEqual(scoped.namespaces, ['Acme.Pricing']);
    assert.deepStrictEqual(scoped.declares.sort(), ['Acme.Pricing.Money', 'Acme.Pricing.Rounding']);
  });

  it('Go: package clause, grouped and aliased imports, top-level funcs, types, vars and consts (not methods)', async () => {
    // After a typical module layout (cmd/, internal/).
    const f = await read('internal/pay/pay.go', `// Package pay charges cards.
// import "example.com/shop/commented"
package pay

import (
	"fmt"
	m "example.com/shop/internal/money"
	_ "example.com/shop/internal/db"
	. "example.com/shop/internal/dot"
)

import \`example.com/shop/internal/raw\`

type Charger interface{ Charge(m.Cents) error }

type (
	Card  struct{ Number string }
	Token string
)

var (
	ErrDeclined = fmt.Errorf("declined: %s", "example.com/shop/in/string")
	retries, limit = 3, 5
)

const Version = "1.0"

func Pay(c Card) m.Cents { return m.FromString(c.Number) }

func (c Card) Masked() string { return Mask(c.Number) }
`);
    assert.strictEqual(f.pkg, 'pay');
    assert.deepStrictEqual(f.imports.map((i) => i.path), ['fmt', 'example.com/shop/internal/money', 'example.com/shop/internal/db', 'example.com/shop/internal/dot', 'example.com/shop/internal/raw']);
    assert.deepStrictEqual(f.declares.sort(), ['Card', 'Charger', 'ErrDeclined', 'Pay', 'Token', 'Version', 'limit', 'retries']);
    for (const used of ['Cents', 'FromString', 'Mask']) assert.ok(f.uses.includes(used), used);
    assert.ok(!f.uses.includes('commented') && !f.uses.includes('declined'));
  });

  it('Python: import a.b, aliases, from-imports (relative, parenthesised, wildcard), imports inside try and functions', async () => {
    // After a Django-style app module.
    const f = await read('shop/orders/views.py', `"""Orders views.

import shop.not_an_import
"""
from __future__ import annotations

import os.path, shop.money as money
from . import forms, models as m
from ..payments.gateway import (
    charge,
    refund,  # trailing comment
)
from .helpers import *
from shop.catalog import products

try:
    import ujson as json
except ImportError:  # pragma: no cover
    import json

def view(request):
    from shop.inventory.stock import level
    text = "from shop.fake import nothing"
    return level(request)
`);
    // `from __future__ import` is a compiler switch, not a module: no import.
    assert.deepStrictEqual(f.imports, [
      { path: 'os.path' },
      { path: 'shop.money' },
      { path: '', level: 1, names: ['forms', 'models'] },
      { path: 'payments.gateway', level: 2, names: ['charge', 'refund'] },
      { path: 'helpers', level: 1, wildcard: true },
      { path: 'shop.catalog', names: ['products'] },
      { path: 'ujson' },
      { path: 'json' },
      { path: 'shop.inventory.stock', names: ['level'] },
    ]);
  });

  it('TypeScript/JavaScript: the specifiers the scanner finds', async () => {
    const f = await read('src/app.ts', "import { a } from '@app/a';\n// import x from './commented';\nexport * from './b';\n");
    assert.deepStrictEqual(f.imports.map((i) => i.path), ['@app/a', './b']);
  });

  it('a file that does not parse still yields what it can, and odd text never throws', async () => {
    const f = await read('src/main/java/a/Broken.java', 'package a;\nimport b.C;\npublic class Broken { void f( { C.x(; }\n');
    assert.strictEqual(f.pkg, 'a');
    assert.deepStrictEqual(f.imports, [{ path: 'b.C' }]);
    assert.ok(f.declares.includes('Broken'));
    for (const [file, text] of [['x.kt', '\u0000\uffff"""'], ['x.cs', '@"'], ['x.go', '`'], ['x.py', 'from . import']] as const) await read(file, text);
  });
});
