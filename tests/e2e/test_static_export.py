"""Static chart export: one Chromium session, and a reused tab draws exactly what a freshly loaded one draws."""

import asyncio

import kaleido
import plotly.graph_objects as go

from dashboards.static_export import ReusingKaleido, _browser_options, browser_session, export_png


def _figures():
    return [go.Figure(go.Bar(x=["heroin", "hashish", "opium"], y=[i, 2 * i, 3]), layout={"title": f"chart {i}"})
            for i in range(1, 5)]


def test_reused_tabs_render_byte_identical_images(tmp_path):
    assert hasattr(kaleido.Kaleido, "_return_kaleido_tab")  # the hook the override replaces still exists

    async def render(cls, folder):
        folder.mkdir()
        jobs = [{"fig": fig, "path": folder / f"{i}.png", "opts": {"format": "png", "width": 500, "height": 300}}
                for i, fig in enumerate(_figures())]
        async with cls(**_browser_options(2)) as browser:
            await browser.write_fig_from_object(jobs)
        return [(folder / f"{i}.png").read_bytes() for i in range(len(jobs))]

    fresh = asyncio.run(render(kaleido.Kaleido, tmp_path / "fresh"))
    reused = asyncio.run(render(ReusingKaleido, tmp_path / "reused"))
    assert reused == fresh and len(set(reused)) == len(reused)


def test_a_session_serves_several_exports(tmp_path):
    with browser_session(tabs=2):
        first = export_png(_figures()[:2], [tmp_path / "a.png", tmp_path / "b.png"], width=500)
        second = export_png(_figures()[2:], [tmp_path / "c.png", tmp_path / "d.png"], width=500)
    assert all(p.read_bytes().startswith(b"\x89PNG") for p in first + second)
