"""The data-flow diagram: server-side SVG that is well-formed, shows every party and counts every edge's items."""

import xml.etree.ElementTree as ET

import pytest
from django.utils import translation

from governance.registry.diagram import flow_diagram
from governance.registry.models import RegisteredBusiness
from governance.registry.selectors import flow_graph

SVG = "{http://www.w3.org/2000/svg}"
pytestmark = pytest.mark.django_db


def _parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def test_every_business_diagram_is_well_formed_with_every_party_and_exact_item_counts(registry):
    with translation.override("ja"):
        for business in RegisteredBusiness.objects.all():
            graph = flow_graph(business=business)
            root = _parse(flow_diagram(business=business).svg)
            assert root.tag == f"{SVG}svg"
            nodes = {g.get("data-node"): g.find(f"{SVG}title").text for g in root.iter(f"{SVG}g")
                     if g.get("class") == "node"}
            parties = {n["id"]: n["label"] for n in graph["nodes"] if n["kind"] == "party"}
            for node_id, label in parties.items():
                assert nodes[node_id].startswith(label), (business, label)
            edges = [g for g in root.iter(f"{SVG}g") if g.get("class") == "edge"]
            assert [(e.get("data-source"), e.get("data-target"), int(e.get("data-items"))) for e in edges] == [
                (e["source"], e["target"], len(e["items"])) for e in graph["edges"]], business


def test_nerima_diagram_shows_the_dedicated_line_and_23_items_each_way(registry):
    business = RegisteredBusiness.objects.get(number="0804-01")
    with translation.override("ja"):
        diagram = flow_diagram(business=business)
    root = _parse(diagram.svg)
    labels = ["".join(t.itertext()) for t in root.iter(f"{SVG}text") if t.get("class") == "elabel"]
    assert labels == ["1. 23項目 · 専用回線", "2. 23項目 · 専用回線"]
    assert [(row["source"], row["target"], row["count"]) for row in diagram.legend] == [
        ("練馬区 こども家庭部練馬子ども家庭支援センター", "株式会社内田洋行", 23),
        ("株式会社内田洋行", "練馬区 こども家庭部練馬子ども家庭支援センター", 23)]
    # Under the ward: its dedicated terminals and the five facilities with their capacities.
    terminals = next(g for g in root.iter(f"{SVG}g") if g.get("data-kind") == "terminals").find(f"{SVG}title").text
    assert "専用の端末装置" in terminals
    assert [f in terminals for f in ("練馬ぴよぴよ(15)", "貫井ぴよぴよ(6)", "関ぴよぴよ(15)", "大泉ぴよぴよ(15)",
                                     "光が丘ぴよぴよ(15)")] == [True] * 5
    # The full list is in each edge's <title>, grouped by subject in Japanese.
    title = next(g for g in root.iter(f"{SVG}g") if g.get("id") == "edge-1").find(f"{SVG}title").text
    assert "児童: 児童ID、児童氏名" in title and "申送事項" in title and "パスワード" in title


def test_layout_follows_the_contract_chain_ward_to_end_parties(registry):
    """Seed 001: e-money operator → data-link provider → collection service → ward, in columns left to right."""
    business = RegisteredBusiness.objects.get(name="延長保育料等の収納")
    root = _parse(flow_diagram(business=business).svg)
    x = {g.get("data-node"): float(g.find(f"{SVG}rect").get("x")) for g in root.iter(f"{SVG}g")
         if g.get("class") == "node"}
    labels = {g.get("data-node"): g.find(f"{SVG}title").text.split(" — ")[0] for g in root.iter(f"{SVG}g")
              if g.get("class") == "node"}
    by_name = {labels[k]: v for k, v in x.items()}
    assert by_name["新宿区 子ども家庭部保育課"] < by_name["株式会社NTTデータ"] < by_name["ビリングシステム株式会社"] \
        < by_name["電子マネー事業者"]
    assert by_name["コンビニ事業者"] == by_name["ビリングシステム株式会社"]


def test_the_same_business_always_draws_the_same_svg(registry):
    business = RegisteredBusiness.objects.get(name="延長保育料等の収納")
    assert flow_diagram(business=business).svg == flow_diagram(business=business).svg
