"""Tope del tamaño de lo que llega: se rechaza con 413 antes de leerlo entero y antes de interpretarlo.

Middleware ASGI (va por fuera de la aplicación): mira `Content-Length` y, si no viene o miente, cuenta los
bytes a medida que llegan y corta apenas pasan el tope. Solo entonces entrega el cuerpo a la aplicación.
"""

import json
import logging
from typing import Any

from libro.servidor.configuracion import MB

Asgi = Any

registro = logging.getLogger("libro.servidor")


class LimiteDeCuerpo:
    """Rechaza con 413 todo pedido HTTP cuyo cuerpo pase de `maximo` bytes, sin leer más de lo necesario."""

    def __init__(self, app: Asgi, maximo: int) -> None:
        self.app, self.maximo = app, maximo

    async def __call__(self, scope: dict[str, Any], receive: Asgi, send: Asgi) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declarado = dict(scope["headers"]).get(b"content-length")
        if declarado is not None and declarado.isdigit() and int(declarado) > self.maximo:
            await self._rechazar(scope, send, int(declarado))
            return
        partes, total = [], 0
        while True:
            mensaje = await receive()
            if mensaje["type"] == "http.disconnect":
                return
            trozo = mensaje.get("body", b"")
            total += len(trozo)
            if total > self.maximo:
                await self._rechazar(scope, send, None)
                return
            partes.append(trozo)
            if not mensaje.get("more_body", False):
                break
        entregado = False

        async def recibir() -> dict[str, Any]:
            nonlocal entregado
            if entregado:
                return await receive()
            entregado = True
            return {"type": "http.request", "body": b"".join(partes), "more_body": False}

        await self.app(scope, recibir, send)

    async def _rechazar(self, scope: dict[str, Any], send: Asgi, declarado: int | None) -> None:
        tope = f"{self.maximo / MB:.1f} MB".replace(".0 MB", " MB")
        pesa = f"pesa {declarado / MB:.1f} MB" if declarado is not None else "pasa de ese tamaño"
        detalle = (f"El libro que envió Excel {pesa} y este servidor acepta hasta {tope}. Quite hojas o "
                   "filas que no hacen falta, o pida a Informática que suba el tope (LIBRO_MAX_MB).")
        registro.warning("%s %s → 413: %s", scope["method"], scope["path"], detalle)
        cuerpo = json.dumps({"detail": detalle}, ensure_ascii=False).encode()
        await send({"type": "http.response.start", "status": 413, "headers": [
            (b"content-type", b"application/json"), (b"content-length", str(len(cuerpo)).encode()),
            (b"connection", b"close")]})
        await send({"type": "http.response.body", "body": cuerpo})
