FROM python:3.11-slim
ARG REQUIREMENTS=requirements.txt
WORKDIR /app
RUN apt-get update && apt-get install -y --no-install-recommends libgl1 libglib2.0-0 && rm -rf /var/lib/apt/lists/*
COPY requirements.txt requirements-gpu.txt* requirements-recognisers.txt ./
RUN pip install --no-cache-dir -r ${REQUIREMENTS} flower==2.0.1 \
 && pip install --no-cache-dir --no-deps -r requirements-recognisers.txt
COPY scripts/fetch_models.py scripts/
RUN python scripts/fetch_models.py --dest var/models
COPY . .
RUN useradd --system ocrflow && mkdir -p /data/uploads && chown -R ocrflow /data /app/var
USER ocrflow
EXPOSE 5000
CMD ["python", "wsgi.py"]
