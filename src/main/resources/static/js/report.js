// Draws the quarterly report's month-by-month charts: this quarter's months beside the previous quarter's.
(function () {
  if (!window.echarts) {
    return;
  }
  var numbers = function (text) {
    return text ? text.split(',').map(function (v) { return v === '' ? null : Number(v); }) : [];
  };
  var charts = [];
  document.querySelectorAll('.report-chart').forEach(function (element) {
    var data = element.dataset;
    var months = data.months.split('|');
    var current = months[0].split(',');
    var previous = months[1].split(',');
    var labels = current.map(function (month, i) { return month.substring(5) + ' / ' + previous[i].substring(5); });
    var chart = echarts.init(element);
    chart.setOption({
      animation: false,
      color: ['#0f766e', '#94a3b8'],
      tooltip: { trigger: 'axis' },
      legend: { data: [data.labelCurrent, data.labelPrevious] },
      grid: { left: 56, right: 16, bottom: 32, top: 40 },
      xAxis: { type: 'category', data: labels },
      yAxis: { type: 'value' },
      series: [
        { name: data.labelCurrent, type: 'bar', data: numbers(data.current) },
        { name: data.labelPrevious, type: 'bar', data: numbers(data.previous) }
      ]
    });
    charts.push(chart);
  });
  window.addEventListener('resize', function () { charts.forEach(function (c) { c.resize(); }); });
})();
